#!/usr/bin/env python3
"""python3-confluent-kafka (librdkafka) over a secured listener, driven by
SecureListenersLibrdkafkaConformanceTest. Prints one tab-separated line per observation;
the JUnit test makes every assertion.

  --bootstrap B --topic T --count N --set key=value ...   (the security settings, librdkafka names)
      LIBRDKAFKA <version>
      DELIVERED <count>  FAILED <count>
      CONSUMED <value> ...  then   END <count>
      ERROR <code-name> <message>   (each error the client reported, e.g. an authentication failure)
"""
import argparse
import sys
import time

import confluent_kafka
from confluent_kafka import Consumer, Producer


def emit(*fields):
    print("\t".join(str(f).replace('\t', ' ').replace('\n', ' ') for f in fields), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--bootstrap', required=True)
    parser.add_argument('--topic', required=True)
    parser.add_argument('--count', type=int, required=True)
    parser.add_argument('--set', action='append', default=[])
    args = parser.parse_args()
    emit('LIBRDKAFKA', confluent_kafka.libversion()[0])
    settings = dict(s.split('=', 1) for s in args.set)
    settings['bootstrap.servers'] = args.bootstrap
    errors = []

    def on_error(err):
        if err.name() not in errors:
            errors.append(err.name())
            emit('ERROR', err.name(), err.str())

    producer = Producer(dict(settings, **{'error_cb': on_error, 'message.timeout.ms': 15000}))
    counts = {'delivered': 0, 'failed': 0}

    def delivered(err, msg):
        counts['failed' if err is not None else 'delivered'] += 1

    for i in range(args.count):
        producer.produce(args.topic, key='k%d' % i, value='v%d' % i, on_delivery=delivered)
    producer.flush(20)
    emit('DELIVERED', counts['delivered'], 'FAILED', counts['failed'])
    if counts['delivered'] < args.count:
        return
    consumer = Consumer(dict(settings, **{'error_cb': on_error, 'group.id': 'secure-' + args.topic,
                                          'auto.offset.reset': 'earliest'}))
    consumer.subscribe([args.topic])
    values = []
    deadline = time.time() + 30
    while len(values) < args.count and time.time() < deadline:
        msg = consumer.poll(0.5)
        if msg is not None and msg.error() is None:
            values.append(msg.value().decode())
    consumer.close()
    emit('CONSUMED', *values)
    emit('END', len(values))


if __name__ == '__main__':
    main()
