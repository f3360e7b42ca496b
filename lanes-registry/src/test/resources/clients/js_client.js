// Seed article 001's schema evolution flow with Confluent's JavaScript client
// (@confluentinc/schemaregistry and its Avro serdes) and kafkajs to produce and consume.
// v1 is registered, a record is serialized with it (useLatestVersion) and produced; v2 is tested and
// registered, a record is serialized with it (by a new client, as the next release of the producer) and produced; v3 is refused with 409, both when registered
// and when the serializer auto-registers the schema it derives from a message; both records are
// consumed and deserialized with the latest schema as reader. Prints one JSON object with what it saw.
//
// Usage: node js_client.js REGISTRY_URL BOOTSTRAP TOPIC V1 V2 V3   (NODE_PATH = the install's node_modules)
'use strict';
const { SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType } = require('@confluentinc/schemaregistry');
const { Kafka, logLevel } = require('kafkajs');

async function refusal(action) {
  try {
    await action();
    return 'accepted';
  } catch (e) {
    return { status: e.status, errorCode: e.errorCode };
  }
}

async function main() {
  const [url, bootstrap, topic, v1, v2, v3] = process.argv.slice(2);
  const subject = topic + '-value';
  const client = new SchemaRegistryClient({ baseURLs: [url] });
  const kafka = new Kafka({ clientId: 'lanes-registry-js', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const result = {};

  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();

  result.id1 = await client.register(subject, { schemaType: 'AVRO', schema: v1 });
  const latest = await client.getLatestSchemaMetadata(subject);
  result.latest1 = { id: latest.id, version: latest.version };
  const first = await new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true })
      .serialize(topic, { id: 1, name: 'ada' });
  await producer.send({ topic, messages: [{ value: first }] });

  result.v2Compatible = await client.testSubjectCompatibility(subject, { schemaType: 'AVRO', schema: v2 });
  result.id2 = await client.register(subject, { schemaType: 'AVRO', schema: v2 });
  // the application's next release: a new client, since the client caches the latest version it saw
  const second = await new AvroSerializer(new SchemaRegistryClient({ baseURLs: [url] }), SerdeType.VALUE,
      { useLatestVersion: true })
      .serialize(topic, { id: 2, name: 'bob', email: 'bob@example.com' });
  await producer.send({ topic, messages: [{ value: second }] });
  await producer.disconnect();

  result.v3Compatible = await client.testSubjectCompatibility(subject, { schemaType: 'AVRO', schema: v3 });
  result.v3 = await refusal(() => client.register(subject, { schemaType: 'AVRO', schema: v3 }));
  result.v3Auto = await refusal(() => new AvroSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: true })
      .serialize(topic, { id: 3, name: 'eve', age: 30 }));
  result.versions = await client.getAllVersions(subject);

  const deserializer = new AvroDeserializer(new SchemaRegistryClient({ baseURLs: [url] }), SerdeType.VALUE,
      { useLatestVersion: true });
  const consumer = kafka.consumer({ groupId: 'js-' + Date.now() });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const consumed = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no records within 60 s')), 60000);
    consumer.run({
      eachMessage: async ({ message }) => {
        consumed.push({ schemaId: message.value.readInt32BE(1), value: await deserializer.deserialize(topic, message.value) });
        if (consumed.length === 2) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  result.consumed = consumed;
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().then(() => process.exit(0), (e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
