#!/usr/bin/env python3
"""Real-client scenarios for python3-confluent-kafka (librdkafka), driven by
ConfluentKafkaPythonConformanceTest. Prints one tab-separated line per observation;
the JUnit test makes every assertion.

  produce  --bootstrap B --topic T --users N --events-per-user M
      DELIVERED <key> <value> <partition> <offset>  |  FAILED <key> <value> <error>
      SUMMARY <produced> <delivered> <failed>
  consume  --bootstrap B --topic T [--timeout S]
      RECORD <partition> <offset> <key> <value>     then   END <count>
  group-consume --bootstrap B --topic T --group G --expect N [--timeout S]
      (seed article 001's consumer: cooperative-sticky, manual commit after each record)
      RECORD <partition> <offset> <key> <value>     then   COMMITTED <partition> <offset> ...
  admin    --bootstrap B --topic T --partitions P
      CREATED <topic> | CREATE_FAILED <topic> <error>
      TOPIC <topic> <partition-count>
      PARTITION <topic> <partition> <leader>
      CONFIG <name> <value>

  every command first prints
      LIBRDKAFKA <version>                            (rd_kafka_version_str() of the library loaded)
"""
import argparse
import json
import sys
import time

import confluent_kafka
from confluent_kafka import Consumer, Producer, TopicPartition, OFFSET_BEGINNING
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic


def emit(*fields):
    print("\t".join(str(f) for f in fields), flush=True)


def produce(args):
    # The settings of the article (seeds/001): durable, idempotent, ordered, compressed, batched.
    producer = Producer({
        'bootstrap.servers': args.bootstrap,
        'acks': 'all',
        'enable.idempotence': True,
        'max.in.flight.requests.per.connection': 5,
        'compression.type': 'lz4',
        'linger.ms': 5,
        'batch.size': 65536,
    })
    counts = {'delivered': 0, 'failed': 0}

    def delivery_callback(err, msg):
        key = msg.key().decode()
        value = msg.value().decode()
        if err is not None:
            counts['failed'] += 1
            emit('FAILED', key, value, str(err).replace('\t', ' '))
        else:
            counts['delivered'] += 1
            emit('DELIVERED', key, value, msg.partition(), msg.offset())

    produced = 0
    for seq in range(args.events_per_user):
        for user in range(args.users):
            user_id = 'user-%03d' % user
            event = {'user_id': user_id, 'seq': seq, 'type': 'page_view'}
            while True:
                try:
                    producer.produce(
                        topic=args.topic,
                        key=user_id.encode(),  # hash(user_id) % partition_count -> partition
                        value=json.dumps(event, separators=(',', ':')),
                        callback=delivery_callback,
                    )
                    break
                except BufferError:
                    producer.poll(0.1)
            produced += 1
            producer.poll(0)
    remaining = producer.flush(60)
    emit('SUMMARY', produced, counts['delivered'], counts['failed'] + remaining)


def consume(args):
    # No consumer group (groups are not part of this scenario): assign() every partition
    # from the beginning and stop at the high watermarks observed before reading. The Python
    # binding insists on a group.id; nothing is committed or subscribed with it.
    consumer = Consumer({
        'bootstrap.servers': args.bootstrap,
        'group.id': 'unused-assign-only',
        'enable.auto.commit': False,
        'enable.auto.offset.store': False,
        'enable.partition.eof': False,
    })
    metadata = consumer.list_topics(args.topic, timeout=30)
    topic = metadata.topics[args.topic]
    if topic.error is not None:
        raise SystemExit('metadata error for %s: %s' % (args.topic, topic.error))
    partitions = sorted(topic.partitions)
    high = {}
    for p in partitions:
        _, high[p] = consumer.get_watermark_offsets(TopicPartition(args.topic, p), timeout=30)
    consumer.assign([TopicPartition(args.topic, p, OFFSET_BEGINNING) for p in partitions])
    next_offset = {p: 0 for p in partitions}
    count = 0
    deadline = time.time() + args.timeout
    while any(next_offset[p] < high[p] for p in partitions):
        if time.time() > deadline:
            raise SystemExit('timed out: positions %s, high watermarks %s' % (next_offset, high))
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            raise SystemExit('consume error: %s' % msg.error())
        emit('RECORD', msg.partition(), msg.offset(), msg.key().decode(), msg.value().decode())
        next_offset[msg.partition()] = msg.offset() + 1
        count += 1
    consumer.close()
    emit('END', count)


def group_consume(args):
    consumer = Consumer({
        'bootstrap.servers': args.bootstrap,
        'group.id': args.group,
        'auto.offset.reset': 'earliest',
        'enable.auto.commit': False,
        'partition.assignment.strategy': 'cooperative-sticky',
        'session.timeout.ms': 10000,
    })
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
        emit('RECORD', msg.partition(), msg.offset(), msg.key().decode(), msg.value().decode())
        consumer.commit(message=msg, asynchronous=False)
        count += 1
    assigned = consumer.assignment()
    for tp in consumer.committed(assigned, timeout=30):
        emit('COMMITTED', tp.partition, tp.offset)
    consumer.close()


def admin(args):
    client = AdminClient({'bootstrap.servers': args.bootstrap})
    # The article's compacted topic, on one broker: replication factor 1.
    configs = {
        'cleanup.policy': 'compact',
        'min.cleanable.dirty.ratio': '0.1',
        'segment.ms': '3600000',
        'delete.retention.ms': '86400000',
    }
    futures = client.create_topics([NewTopic(args.topic, num_partitions=args.partitions,
                                             replication_factor=1, config=configs)],
                                   operation_timeout=30)
    for name, future in futures.items():
        try:
            future.result()
            emit('CREATED', name)
        except Exception as e:  # report, the test decides
            emit('CREATE_FAILED', name, str(e).replace('\t', ' '))

    metadata = client.list_topics(timeout=30)
    for name, topic in sorted(metadata.topics.items()):
        emit('TOPIC', name, len(topic.partitions))
        if name == args.topic:
            for p, partition in sorted(topic.partitions.items()):
                emit('PARTITION', name, p, partition.leader)

    resource = ConfigResource('topic', args.topic)
    for res, future in client.describe_configs([resource]).items():
        for name, entry in sorted(future.result().items()):
            emit('CONFIG', name, entry.value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('command', choices=['produce', 'consume', 'group-consume', 'admin'])
    parser.add_argument('--group', default='python-group')
    parser.add_argument('--expect', type=int, default=0)
    parser.add_argument('--bootstrap', required=True)
    parser.add_argument('--topic', required=True)
    parser.add_argument('--users', type=int, default=20)
    parser.add_argument('--events-per-user', type=int, default=50)
    parser.add_argument('--partitions', type=int, default=3)
    parser.add_argument('--timeout', type=float, default=60)
    args = parser.parse_args()
    emit('LIBRDKAFKA', confluent_kafka.libversion()[0])  # the library this process loaded
    {'produce': produce, 'consume': consume, 'group-consume': group_consume,
     'admin': admin}[args.command](args)


if __name__ == '__main__':
    main()
    sys.exit(0)
