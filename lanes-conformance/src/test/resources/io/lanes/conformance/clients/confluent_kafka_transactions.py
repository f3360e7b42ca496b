#!/usr/bin/env python3
"""The transactional producer of seed article 001 through python3-confluent-kafka (librdkafka),
driven by ConfluentKafkaTransactionsConformanceTest. Prints one tab-separated line per
observation; the JUnit test makes every assertion.

  transactions --bootstrap B --input I --output O --group G --transactional-id T --expect N
      INITIALIZED
      COMMITTED_TXN <value> <partition> <offset>      (one per record, after commit_transaction)
      ABORTED_TXN <value> <partition> <offset>        (one per record, after abort_transaction)
      RPW_OFFSET <partition> <offset>                 (offsets sent with send_offsets_to_transaction)
      RPW_COMMITTED
      VISIBLE <partition> <offset> <key> <value>      (read_committed, from the beginning)
      UNCOMMITTED <partition> <offset> <key> <value>  (read_uncommitted, from the beginning)
      GROUP_OFFSET <partition> <offset>               (the group's committed offsets of the input)

  every command first prints
      LIBRDKAFKA <version>                            (rd_kafka_version_str() of the library loaded)
"""
import argparse
import sys
import time

import confluent_kafka
from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition, OFFSET_BEGINNING


def emit(*fields):
    print("\t".join(str(f) for f in fields), flush=True)


def transactional_producer(args):
    return Producer({
        'bootstrap.servers': args.bootstrap,
        'transactional.id': args.transactional_id,
        'enable.idempotence': True,
        'acks': 'all',
    })


def produce_in_transaction(producer, topic, values, tag, commit):
    """One transaction of keyed records, committed or aborted; reports each record's delivery."""
    delivered = []

    def on_delivery(err, msg):
        if err is not None:
            raise SystemExit('delivery failed in %s: %s' % (tag, err))
        delivered.append((msg.value().decode(), msg.partition(), msg.offset()))

    producer.begin_transaction()
    for value in values:
        producer.produce(topic, key=b'txn', value=value.encode(), on_delivery=on_delivery)
    producer.flush(30)  # the records reach the log before the transaction ends
    if commit:
        producer.commit_transaction(30)
    else:
        producer.abort_transaction(30)
    for value, partition, offset in delivered:
        emit(tag, value, partition, offset)


def read_process_write(args, producer):
    """The article's EOS loop as one transaction: consume, produce results, commit offsets with them."""
    consumer = Consumer({
        'bootstrap.servers': args.bootstrap,
        'group.id': args.group,
        'auto.offset.reset': 'earliest',
        'enable.auto.commit': False,
        'isolation.level': 'read_committed',
    })
    consumer.subscribe([args.input])
    messages = []
    deadline = time.time() + args.timeout
    while len(messages) < args.expect:
        if time.time() > deadline:
            raise SystemExit('timed out after %d of %d input records' % (len(messages), args.expect))
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            raise SystemExit('consume error: %s' % msg.error())
        messages.append(msg)

    producer.begin_transaction()
    for msg in messages:
        producer.produce(args.output, key=msg.key(), value=b'processed:' + msg.value())
    positions = consumer.position(consumer.assignment())
    for tp in positions:
        emit('RPW_OFFSET', tp.partition, tp.offset)
    producer.send_offsets_to_transaction(positions, consumer.consumer_group_metadata(), 30)
    producer.commit_transaction(30)
    emit('RPW_COMMITTED')

    for tp in consumer.committed(consumer.assignment(), timeout=30):
        emit('GROUP_OFFSET', tp.partition, tp.offset)
    consumer.close()


def read_all(args, isolation, tag):
    """Every record of the output topic a consumer with this isolation level gets, to the end."""
    consumer = Consumer({
        'bootstrap.servers': args.bootstrap,
        'group.id': 'assign-only-' + isolation,
        'enable.auto.commit': False,
        'enable.partition.eof': True,
        'isolation.level': isolation,
    })
    partitions = sorted(consumer.list_topics(args.output, timeout=30).topics[args.output].partitions)
    consumer.assign([TopicPartition(args.output, p, OFFSET_BEGINNING) for p in partitions])
    at_end = set()
    deadline = time.time() + args.timeout
    while len(at_end) < len(partitions):
        if time.time() > deadline:
            raise SystemExit('timed out reading %s (%s)' % (args.output, isolation))
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            if msg.error().code() == KafkaError._PARTITION_EOF:
                at_end.add(msg.partition())
                continue
            raise SystemExit('consume error: %s' % msg.error())
        at_end.discard(msg.partition())
        emit(tag, msg.partition(), msg.offset(), msg.key().decode(), msg.value().decode())
    consumer.close()


def transactions(args):
    producer = transactional_producer(args)
    producer.init_transactions(30)
    emit('INITIALIZED')
    produce_in_transaction(producer, args.output, ['committed-1', 'committed-2', 'committed-3'],
                           'COMMITTED_TXN', commit=True)
    produce_in_transaction(producer, args.output, ['aborted-1', 'aborted-2', 'aborted-3'],
                           'ABORTED_TXN', commit=False)
    read_process_write(args, producer)
    producer.flush(30)
    read_all(args, 'read_committed', 'VISIBLE')
    read_all(args, 'read_uncommitted', 'UNCOMMITTED')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('command', choices=['transactions'])
    parser.add_argument('--bootstrap', required=True)
    parser.add_argument('--input', required=True)
    parser.add_argument('--output', required=True)
    parser.add_argument('--group', required=True)
    parser.add_argument('--transactional-id', required=True)
    parser.add_argument('--expect', type=int, required=True)
    parser.add_argument('--timeout', type=float, default=60)
    args = parser.parse_args()
    emit('LIBRDKAFKA', confluent_kafka.libversion()[0])  # the library this process loaded
    {'transactions': transactions}[args.command](args)


if __name__ == '__main__':
    main()
    sys.exit(0)
