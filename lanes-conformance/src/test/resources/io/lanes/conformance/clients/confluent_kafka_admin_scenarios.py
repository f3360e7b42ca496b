#!/usr/bin/env python3
"""What current librdkafka clients do on start-up and through their Admin APIs, driven by
LibrdkafkaAdminConformanceTest: python3-confluent-kafka's AdminClient, Producer and Consumer, plus librdkafka's C
Admin API (librdkafka_admin.py) where the binding has none. Prints one tab-separated line per observation; the
JUnit test makes every assertion. A call the loaded librdkafka does not have prints UNSUPPORTED <call>.

  every command first prints
      LIBRDKAFKA <version>                                  (rd_kafka_version_str() of the library loaded)
  metadata  --bootstrap B --topic T
      CLUSTER <cluster id> <controller id>                  (Metadata for all topics)
      BROKER <id> <host> <port>
      TOPIC <topic> <partitions> <error or ->
      GIVEN_TOPIC <topic> <partitions> <error or ->         (Metadata for T, then for T-missing)
      GIVEN_PARTITION <topic> <partition> <leader> <replicas> <isrs>
      DESCRIBED_CLUSTER <cluster id> <controller id>        (Admin DescribeCluster)
      DESCRIBED_NODE <id> <host> <port>
  configs   --bootstrap B --topic T
      BROKER_ID <id>
      TOPIC_CONFIG <name> <value> <source> <is default>     (DescribeConfigs, topic T)
      BROKER_CONFIG <name> <value> <source> <is default>    (DescribeConfigs, the broker)
  topics    --bootstrap B --topic T
      CREATED <topic> | CREATE_FAILED <topic> <error name>  (twice: the second attempt must fail)
      PARTITIONS_CREATED <topic> | PARTITIONS_FAILED <topic> <error name>
      LISTED <topic> <partitions>
      DELETED <topic> | DELETE_FAILED <topic> <error name>
      GONE <topic> <seconds until metadata no longer lists it>
  offsets   --bootstrap B --topic T --base-timestamp TS     (T has one partition)
      PRODUCED <offset> <timestamp>                         (10 records, timestamps TS, TS+1000, ...)
      WATERMARKS <low> <high>                               (Consumer.get_watermark_offsets, not cached)
      FOR_TIME <timestamp> <offset>                         (Consumer.offsets_for_times)
      LIST_OFFSETS <spec> <offset> <timestamp>              (Admin ListOffsets)
      DELETED_BEFORE <offset> <low watermark>               (Admin DeleteRecords)
      WATERMARKS_AFTER_DELETE <low> <high>
      FIRST_AFTER_DELETE <offset>                           (first record a consumer reads from the beginning)
  group     --bootstrap B --topic T --group G --protocol classic|consumer --expect N
      CONFIG_REJECTED <error>                               (this librdkafka does not know group.protocol)
      RECORD <partition> <offset>
      COMMITTED <partition> <offset>
      GROUP <group> <state> <protocol type> <protocol> <members>   (list_groups: ListGroups + DescribeGroups)
      GROUP_MEMBER <client id> <client host>
      LISTED_GROUP <group> <state> <type> <simple>          (Admin ListConsumerGroups, while consuming)
      DESCRIBED_GROUP <group> <state> <type> <assignor> <members> <coordinator id>
      DESCRIBED_MEMBER <client id> <assigned topic:partition,...>
      LISTED_AFTER_CLOSE <group> <state> <type> <simple>
"""
import argparse
import sys
import time

import confluent_kafka
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition, OFFSET_BEGINNING
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic

import librdkafka_admin


def emit(*fields):
    print("\t".join(str(f).replace('\t', ' ') for f in fields), flush=True)


def error_name(e):
    """The KafkaError name of an exception from a confluent_kafka future or call."""
    if isinstance(e, KafkaException) and e.args:
        return e.args[0].name()
    return type(e).__name__ + ':' + str(e)


def metadata(args):
    admin = AdminClient({'bootstrap.servers': args.bootstrap, 'allow.auto.create.topics': False})
    cluster = admin.list_topics(timeout=30)
    emit('CLUSTER', cluster.cluster_id, cluster.controller_id)
    for broker in sorted(cluster.brokers.values(), key=lambda b: b.id):
        emit('BROKER', broker.id, broker.host, broker.port)
    for name, topic in sorted(cluster.topics.items()):
        emit('TOPIC', name, len(topic.partitions), topic.error.name() if topic.error else '-')
    for name in (args.topic, args.topic + '-missing'):
        given = admin.list_topics(topic=name, timeout=30).topics[name]
        emit('GIVEN_TOPIC', name, len(given.partitions), given.error.name() if given.error else '-')
        for p, partition in sorted(given.partitions.items()):
            emit('GIVEN_PARTITION', name, p, partition.leader, ','.join(map(str, partition.replicas)),
                 ','.join(map(str, partition.isrs)))
    if not librdkafka_admin.supports('DescribeCluster'):
        emit('UNSUPPORTED', 'DescribeCluster')
        return
    c_admin = librdkafka_admin.Admin(args.bootstrap)
    try:
        cluster_id, controller, nodes = c_admin.describe_cluster()
        emit('DESCRIBED_CLUSTER', cluster_id, controller[0] if controller else -1)
        for node in nodes:
            emit('DESCRIBED_NODE', *node)
    finally:
        c_admin.close()


def configs(args):
    admin = AdminClient({'bootstrap.servers': args.bootstrap})
    broker_id = min(admin.list_topics(timeout=30).brokers)
    emit('BROKER_ID', broker_id)
    for tag, resource in (('TOPIC_CONFIG', ConfigResource('topic', args.topic)),
                          ('BROKER_CONFIG', ConfigResource('broker', str(broker_id)))):
        for _, future in admin.describe_configs([resource], request_timeout=30).items():
            for name, entry in sorted(future.result().items()):
                emit(tag, name, entry.value, confluent_kafka.admin.ConfigSource(entry.source).name,
                     entry.is_default)


def topics(args):
    admin = AdminClient({'bootstrap.servers': args.bootstrap})
    for _ in range(2):
        for name, future in admin.create_topics([NewTopic(args.topic, num_partitions=3, replication_factor=1)],
                                                operation_timeout=30).items():
            try:
                future.result()
                emit('CREATED', name)
            except Exception as e:  # report, the test decides
                emit('CREATE_FAILED', name, error_name(e))
    for name, future in admin.create_partitions([NewPartitions(args.topic, 5)], operation_timeout=30).items():
        try:
            future.result()
            emit('PARTITIONS_CREATED', name)
        except Exception as e:
            emit('PARTITIONS_FAILED', name, error_name(e))
    listed = admin.list_topics(topic=args.topic, timeout=30).topics[args.topic]
    emit('LISTED', args.topic, len(listed.partitions))
    for name, future in admin.delete_topics([args.topic], operation_timeout=30).items():
        try:
            future.result()
            emit('DELETED', name)
        except Exception as e:
            emit('DELETE_FAILED', name, error_name(e))
    started = time.time()
    while args.topic in admin.list_topics(timeout=30).topics:
        if time.time() - started > 30:
            return
        time.sleep(0.2)
    emit('GONE', args.topic, round(time.time() - started, 1))


def offsets(args):
    producer = Producer({'bootstrap.servers': args.bootstrap, 'acks': 'all', 'linger.ms': 0})
    produced = []

    def on_delivery(err, msg):
        if err is not None:
            raise SystemExit('delivery failed: %s' % err)
        produced.append((msg.offset(), msg.timestamp()[1]))

    for i in range(10):
        producer.produce(args.topic, partition=0, value=b'record-%d' % i,
                         timestamp=args.base_timestamp + i * 1000, on_delivery=on_delivery)
        producer.flush(30)  # one batch per record: each record's timestamp is its batch's max timestamp
    for offset, timestamp in produced:
        emit('PRODUCED', offset, timestamp)

    consumer = Consumer({'bootstrap.servers': args.bootstrap, 'group.id': 'offsets-assign-only',
                         'enable.auto.commit': False})
    tp = TopicPartition(args.topic, 0)
    emit('WATERMARKS', *consumer.get_watermark_offsets(tp, timeout=30, cached=False))
    for ts in (args.base_timestamp - 1, args.base_timestamp + 3500, args.base_timestamp + 9000,
               args.base_timestamp + 60000):
        found = consumer.offsets_for_times([TopicPartition(args.topic, 0, ts)], timeout=30)[0]
        emit('FOR_TIME', ts, found.offset)

    c_admin = librdkafka_admin.Admin(args.bootstrap)
    try:
        if librdkafka_admin.supports('ListOffsets'):
            for spec in ('earliest', 'latest', 'max_timestamp', args.base_timestamp + 3500):
                emit('LIST_OFFSETS', spec, *c_admin.list_offsets(args.topic, 0, spec))
        else:
            emit('UNSUPPORTED', 'ListOffsets')
        emit('DELETED_BEFORE', 3, c_admin.delete_records(args.topic, 0, 3))
    finally:
        c_admin.close()
    emit('WATERMARKS_AFTER_DELETE', *consumer.get_watermark_offsets(tp, timeout=30, cached=False))
    consumer.assign([TopicPartition(args.topic, 0, OFFSET_BEGINNING)])
    deadline = time.time() + 30
    while time.time() < deadline:
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            raise SystemExit('consume error: %s' % msg.error())
        emit('FIRST_AFTER_DELETE', msg.offset())
        break
    consumer.close()


def group(args):
    config = {
        'bootstrap.servers': args.bootstrap,
        'group.id': args.group,
        'client.id': 'lanes-' + args.protocol,
        'auto.offset.reset': 'earliest',
        'enable.auto.commit': False,
    }
    if args.protocol == 'consumer':
        config['group.protocol'] = 'consumer'  # KIP-848: assignment computed by the broker
    else:
        config['session.timeout.ms'] = 10000  # classic only: with KIP-848 the broker owns the session timeout
    try:
        consumer = Consumer(config)
    except KafkaException as e:
        emit('CONFIG_REJECTED', e.args[0].str())
        return
    consumer.subscribe([args.topic])
    count = 0
    deadline = time.time() + args.timeout
    while count < args.expect:
        if time.time() > deadline:
            raise SystemExit('timed out after %d of %d records' % (count, args.expect))
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            raise SystemExit('consume error: %s' % msg.error())
        emit('RECORD', msg.partition(), msg.offset())
        count += 1
    consumer.commit(asynchronous=False)
    for tp in consumer.committed(consumer.assignment(), timeout=30):
        emit('COMMITTED', tp.partition, tp.offset)

    admin = AdminClient({'bootstrap.servers': args.bootstrap})
    if args.protocol == 'classic':
        # The binding's list_groups: ListGroups, then DescribeGroups of the classic protocol.
        for g in admin.list_groups(args.group, timeout=30):
            emit('GROUP', g.id, g.state, g.protocol_type, g.protocol, len(g.members))
            for m in g.members:
                emit('GROUP_MEMBER', m.client_id, m.client_host)
    c_admin = librdkafka_admin.Admin(args.bootstrap)
    try:
        for listed in c_admin.list_consumer_groups():
            if listed[0] == args.group:
                emit('LISTED_GROUP', *listed)
        state, group_type, assignor, coordinator, members = c_admin.describe_consumer_group(args.group)
        emit('DESCRIBED_GROUP', args.group, state, group_type, assignor, len(members),
             coordinator[0] if coordinator else -1)
        for client_id, _, partitions in members:
            emit('DESCRIBED_MEMBER', client_id, ','.join('%s:%d' % p for p in sorted(partitions)))
        consumer.close()
        for listed in c_admin.list_consumer_groups():
            if listed[0] == args.group:
                emit('LISTED_AFTER_CLOSE', *listed)
    finally:
        c_admin.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('command', choices=['metadata', 'configs', 'topics', 'offsets', 'group'])
    parser.add_argument('--bootstrap', required=True)
    parser.add_argument('--topic', required=True)
    parser.add_argument('--group', default='admin-scenario-group')
    parser.add_argument('--protocol', choices=['classic', 'consumer'], default='classic')
    parser.add_argument('--expect', type=int, default=0)
    parser.add_argument('--base-timestamp', type=int, default=0)
    parser.add_argument('--timeout', type=float, default=60)
    args = parser.parse_args()
    emit('LIBRDKAFKA', confluent_kafka.libversion()[0])  # the library this process loaded
    if librdkafka_admin.version() != confluent_kafka.libversion()[0]:
        raise SystemExit('ctypes loaded librdkafka %s, confluent_kafka %s'
                         % (librdkafka_admin.version(), confluent_kafka.libversion()[0]))
    {'metadata': metadata, 'configs': configs, 'topics': topics, 'offsets': offsets,
     'group': group}[args.command](args)


if __name__ == '__main__':
    main()
    sys.exit(0)
