package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.ProducedEvent;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded simulations of one group consuming with at-least-once hand-overs: each partition passes
 * from owner to owner, each new owner re-reading from the last commit, which may be short of
 * what the previous owner processed. Such runs must pass every check (no false alarms from
 * redelivery), and each kind of fault must be caught by the check meant for it.
 */
class ChecksSimulationTest {
    private static final String GROUP = "billing";

    enum Fault { NONE, SWAP_TWO_EVENTS_OF_AN_ORDER, ASSIGN_BEFORE_RELEASE, NEVER_DELIVER_THE_LAST_EVENT }

    @Property(tries = 200)
    void shouldPassEveryCheckWhenConsumersHandOverWithRedelivery(@ForAll long seed,
                                                                 @ForAll @IntRange(min = 1, max = 4) int partitions,
                                                                 @ForAll @IntRange(min = 1, max = 3) int members) {
        // given
        Simulation simulation = new Simulation(seed, partitions, members, Fault.NONE);

        // when
        Verdict verdict = Verdict.of(simulation.record());

        // then
        assertThat(verdict.checks()).allSatisfy(check -> assertThat(check.violations()).isEmpty());
        assertThat(verdict.passed()).isTrue();
    }

    @Property(tries = 100)
    void shouldFailTheOrderCheckWhenTwoEventsOfAnOrderArriveSwapped(@ForAll long seed,
                                                                  @ForAll @IntRange(min = 1, max = 4) int partitions) {
        // given
        Simulation simulation = new Simulation(seed, partitions, 2, Fault.SWAP_TWO_EVENTS_OF_AN_ORDER);
        Assume.that(simulation.faultInjected);

        // when
        CheckResult result = OrderCheck.check(simulation.record());

        // then
        assertThat(result.passed()).isFalse();
    }

    @Property(tries = 100)
    void shouldFailTheOwnershipCheckWhenANewOwnerStartsBeforeTheOldOneLetGo(@ForAll long seed,
                                                                         @ForAll @IntRange(min = 1, max = 4) int partitions) {
        // given
        Simulation simulation = new Simulation(seed, partitions, 2, Fault.ASSIGN_BEFORE_RELEASE);
        Assume.that(simulation.faultInjected);

        // when
        CheckResult result = OwnershipCheck.check(simulation.record());

        // then
        assertThat(result.passed()).isFalse();
    }

    @Property(tries = 100)
    void shouldFailCompletenessWhenAnEventIsNeverDelivered(@ForAll long seed,
                                                           @ForAll @IntRange(min = 1, max = 4) int partitions) {
        // given
        Simulation simulation = new Simulation(seed, partitions, 2, Fault.NEVER_DELIVER_THE_LAST_EVENT);
        Assume.that(simulation.faultInjected);

        // when
        CheckResult result = CompletenessCheck.check(simulation.record());

        // then
        assertThat(result.passed()).isFalse();
    }

    /** One simulated run: the workload produced to the partitions, then consumed stint by stint. */
    private static final class Simulation {
        private final Random random;
        private final Fault fault;
        private final TestRun run;
        private final List<TestRun.Member> members = new ArrayList<>();
        private final Map<Integer, List<ProducedEvent>> log = new HashMap<>();
        private long clock = 1;
        private boolean faultInjected;

        Simulation(long seed, int partitions, int memberCount, Fault fault) {
            this.random = new Random(seed);
            this.fault = fault;
            this.run = new TestRun(partitions, GROUP);
            OrderWorkload workload = OrderWorkload.generate(20 + random.nextInt(200), seed);
            for (int i = 0; i < workload.size(); i++) {
                int partition = OrderWorkload.partitionOf(workload.orderId(i), partitions);
                long offset = run.produce(partition, workload.orderId(i), workload.seq(i));
                log.computeIfAbsent(partition, p -> new ArrayList<>())
                        .add(new ProducedEvent(partition, offset, workload.orderId(i), workload.seq(i)));
            }
            for (int m = 1; m <= memberCount; m++) {
                members.add(run.member(GROUP, GROUP + "-" + m));
            }
            for (int partition = 0; partition < partitions; partition++) {
                consume(partition, log.getOrDefault(partition, List.of()));
            }
            run.commitEverything();
        }

        RunRecord record() {
            return run.build(clock + 1);
        }

        private void consume(int partition, List<ProducedEvent> events) {
            int committed = 0;
            long previousFrom = -1;
            TestRun.Member previousOwner = null;
            while (committed < events.size()) {
                TestRun.Member owner = members.get(random.nextInt(members.size()));
                long from = clock++;
                if (fault == Fault.ASSIGN_BEFORE_RELEASE && previousOwner != null && previousOwner != owner
                        && !faultInjected) {
                    from = previousFrom + 1; // inside the previous owner's ownership
                    faultInjected = true;
                }
                owner.assign(from, partition);
                int stop = committed + 1 + random.nextInt(events.size() - committed);
                List<ProducedEvent> stint = new ArrayList<>(events.subList(committed, stop));
                injectIntoStint(stint);
                for (ProducedEvent event : stint) {
                    if (fault == Fault.NEVER_DELIVER_THE_LAST_EVENT && event == events.get(events.size() - 1)) {
                        faultInjected = true;
                        continue;
                    }
                    owner.deliver(clock++, partition, event.offset(), event.orderId(), event.seq());
                }
                // commit at least one event more than before, at most what was processed
                int commit = committed + 1 + random.nextInt(stop - committed);
                long releasing = clock++;
                if (random.nextInt(5) == 0) {
                    owner.lose(releasing, partition);
                } else {
                    owner.revoke(releasing, clock++, partition);
                }
                previousFrom = from;
                previousOwner = owner;
                committed = commit;
            }
        }

        private void injectIntoStint(List<ProducedEvent> stint) {
            if (fault != Fault.SWAP_TWO_EVENTS_OF_AN_ORDER || faultInjected) {
                return;
            }
            for (int i = 0; i < stint.size() && !faultInjected; i++) {
                for (int j = i + 1; j < stint.size() && !faultInjected; j++) {
                    if (stint.get(i).orderId() == stint.get(j).orderId()) {
                        Collections.swap(stint, i, j);
                        faultInjected = true;
                    }
                }
            }
        }
    }
}
