"""Seed article 001's schema evolution flow with python3-confluent-kafka's SchemaRegistryClient.

Registers v1, produces a record written with it, checks and registers the backward compatible v2,
produces with it, sees the incompatible v3 refused with 409, then consumes both records and decodes
them with v2 as reader schema (python3-avro encodes and decodes: Debian has no fastavro, so the
client's own Avro serializer cannot be used). Records use Confluent's wire format: magic byte 0,
the 4-byte big-endian schema id, the Avro binary body. Prints one JSON object with what it saw.

Usage: python_client.py REGISTRY_URL BOOTSTRAP TOPIC V1 V2 V3
"""
import io
import json
import struct
import sys
import uuid

import avro.io
import avro.schema
from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

url, bootstrap, topic, v1, v2, v3 = sys.argv[1:7]
subject = topic + "-value"
client = SchemaRegistryClient({"url": url})
result = {}


def encode(schema_id, schema_text, record):
    out = io.BytesIO()
    out.write(struct.pack(">bI", 0, schema_id))
    avro.io.DatumWriter(avro.schema.parse(schema_text)).write(record, avro.io.BinaryEncoder(out))
    return out.getvalue()


def decode(payload, reader_text):
    magic, schema_id = struct.unpack(">bI", payload[:5])
    writer = avro.schema.parse(client.get_schema(schema_id).schema_str)
    datum = avro.io.DatumReader(writer, avro.schema.parse(reader_text))
    return schema_id, datum.read(avro.io.BinaryDecoder(io.BytesIO(payload[5:])))


producer = Producer({"bootstrap.servers": bootstrap})

id1 = client.register_schema(subject, Schema(v1, "AVRO"))
latest = client.get_latest_version(subject)
result["id1"] = id1
result["latest1"] = {"id": latest.schema_id, "version": latest.version}
result["again1"] = client.register_schema(subject, Schema(v1, "AVRO"))
producer.produce(topic, value=encode(id1, v1, {"id": 1, "name": "ada"}))

result["v2Compatible"] = client.test_compatibility(subject, Schema(v2, "AVRO"))
id2 = client.register_schema(subject, Schema(v2, "AVRO"))
result["id2"] = id2
result["lookup2"] = client.lookup_schema(subject, Schema(v2, "AVRO")).version
producer.produce(topic, value=encode(id2, v2, {"id": 2, "name": "bob", "email": "bob@example.com"}))
producer.flush(30)

result["v3Compatible"] = client.test_compatibility(subject, Schema(v3, "AVRO"))
try:
    client.register_schema(subject, Schema(v3, "AVRO"))
    result["v3"] = "registered"
except SchemaRegistryError as e:
    result["v3"] = {"status": e.http_status_code, "errorCode": e.error_code}

result["versions"] = client.get_versions(subject)
result["subjects"] = client.get_subjects()

consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "py-" + str(uuid.uuid4()),
                     "auto.offset.reset": "earliest"})
consumer.subscribe([topic])
records = []
for _ in range(300):
    message = consumer.poll(0.2)
    if message is None or message.error():
        continue
    schema_id, value = decode(message.value(), v2)
    records.append({"schemaId": schema_id, "value": value})
    if len(records) == 2:
        break
consumer.close()
result["consumed"] = records
print(json.dumps(result))
