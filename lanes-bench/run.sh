#!/usr/bin/env bash
# Side-by-side end-to-end benchmark: Apache Kafka 4.4.0 (Maven Central jars, one KRaft node on
# loopback, launcher-default JVM flags) against Lanes in page-cache and fsync durability modes.
# Builds lanes-bench (and the Lanes modules it runs) with Maven, then runs io.lanes.bench.SideBySide.
#
# Usage: lanes-bench/run.sh [options]            (from anywhere; run.sh --help lists every option)
#        lanes-bench/run.sh rebalance [options]  the rebalance-pause benchmark instead (rebalance --help)
#        lanes-bench/run.sh security [options]   produce/fetch over PLAINTEXT, SSL and SASL_SSL (SCRAM-SHA-512),
#                                                Lanes beside Kafka (security --help)
#        lanes-bench/run.sh processor [options]  key-ordered parallel processing: plain group, Lanes processor,
#                                                Confluent Parallel Consumer (processor --help)
#        lanes-bench/run.sh share [options]      share groups: plain group, Lanes share groups (ordering none and
#                                                key), Kafka 4.4 share groups on few partitions (share --help)
#        lanes-bench/run.sh startup [options]    start-up time: ./lanes server, the jar with and without its CDS
#                                                archive, LanesBroker.start in-process, Kafka (startup --help)
#
#   --brokers kafka,lanes-page-cache,lanes-fsync   which brokers (default: these three; null is a Kafka-wire
#                           server that acknowledges Produce without storing, the producer's ceiling; lanes-metrics-off is
#                           page-cache with lanes.metrics.enabled=false, to measure what metrics cost;
#                           lanes-hotkeys-off is page-cache without hot-key sampling)
#   --rounds N              rounds per broker, order alternates A B C / C B A (default 3; medians reported)
#   --records N             records per saturating produce run (default 800000 = ~10 s at ~77 MiB/s)
#   --record-size B         bytes per record (default 1024)
#   --compression a,b       compression.type per produce run (default none,lz4)
#   --partitions N,M        partition counts of the produce runs, same for every broker (default 1; e.g. 1,12)
#   --latency-rate R        fixed-rate latency run in records/s, 0 to skip (default 10000)
#   --e2e-rate R            end-to-end latency (send -> receive, one clock) at R records/s, 0 to skip (default 2000)
#   --transaction-ms T      also produce in transactions of T ms (ProducerPerformance --transactional-id), 0 to skip (default 100)
#   --warmup-records N      unmeasured warm-up produce run (default 100000)
#   --timeout-s S           bound on every tool run (default 300); --startup-timeout-s for brokers
#   --profile DIR           JFR recording of every broker start, kept in DIR
#   --keep                  keep data dirs and logs; --report FILE writes the report to FILE too
#
# rebalance: how long after a new member joins a consuming group every partition is consumed
# again, for 12 and 120 partitions, classic cooperative-sticky and consumer (KIP-848) groups,
# Kafka beside Lanes page-cache (--brokers, --rounds 5, --partitions, --protocols, --members 2).
# About 15 minutes on an idle machine.
#
# Environment:
#   LANES_BENCH_KAFKA_ONLY=1   build without the Lanes CLI (use with --brokers kafka)
#   LANES_BENCH_SKIP_BUILD=1   reuse the last build
#   LANES_BENCH_JAVA_OPTS      options for the orchestrating JVM (default -Xmx256m)
#   LANES_BENCH_LANES_SET      extra Lanes settings, comma-separated key=value (e.g. lanes.metrics.enabled=false)
#
# A full default run takes about 10 minutes on an idle machine (much longer on a busy one) and
# needs ~2.5 GB of free disk under java.io.tmpdir (or --work-dir). As root, 'nice -n -10 run.sh'
# gives all brokers and tools the same head start over other work on the machine.
# Child processes and temporary directories are removed on exit, also on Ctrl-C.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

if [[ "${LANES_BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  build_flags=(-q -pl lanes-bench -am package -DskipTests)
  if [[ "${LANES_BENCH_KAFKA_ONLY:-0}" == "1" ]]; then
    build_flags+=(-Dbench.kafkaOnly)
  fi
  (cd "$root" && mvn "${build_flags[@]}")
fi

main_class=io.lanes.bench.SideBySide
if [[ "${1:-}" == "rebalance" ]]; then
  main_class=io.lanes.bench.RebalanceBench
  shift
elif [[ "${1:-}" == "security" ]]; then
  main_class=io.lanes.bench.SecurityBench
  shift
elif [[ "${1:-}" == "processor" ]]; then
  main_class=io.lanes.bench.ProcessorBench
  shift
elif [[ "${1:-}" == "share" ]]; then
  main_class=io.lanes.bench.ShareBench
  shift
elif [[ "${1:-}" == "startup" ]]; then
  main_class=io.lanes.bench.StartupBench
  shift
  if [[ "${LANES_BENCH_KAFKA_ONLY:-0}" != "1" ]]; then
    set -- --launcher "$root/lanes" "$@"
  fi
fi

classpath="$here/target/classes:$(cat "$here/target/classpath.txt")"
# Lanes runs the way ./lanes runs it (java -jar lanes.jar) when that jar was built.
lanes_jar=()
if [[ -f "$root/lanes-cli/target/lanes.jar" && "${LANES_BENCH_KAFKA_ONLY:-0}" != "1" ]]; then
  lanes_jar=(--lanes-jar "$root/lanes-cli/target/lanes.jar")
  # ./lanes records its class-data-sharing archive on first use (again after a build); the brokers use it as
  # ./lanes does, so start-up figures are what './lanes server' costs
  "$root/lanes" --version >/dev/null
fi
# shellcheck disable=SC2086
exec java ${LANES_BENCH_JAVA_OPTS:--Xmx256m} -cp "$classpath" "$main_class" "${lanes_jar[@]}" "$@"
