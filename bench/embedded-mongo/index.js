// Benchmark for @vigil/embedded-mongo, through the official driver over TCP (what mongoose does).
// Prints inserts/s (insertOne and insertMany), indexed point reads/s, and the cost ratio of indexed
// point lookups on 100,000 vs 1,000 documents (target: within 3x), with an unindexed lookup ratio for
// contrast (a collection scan grows with the collection). One run; figures vary with the machine.
//
// Run from the repo root after building: npx tsc -b shared/embedded-mongo && node bench/embedded-mongo/index.js
import { MongoClient } from 'mongodb';
import { EmbeddedMongo } from '@vigil/embedded-mongo';

const SINGLE_INSERTS = 3_000;
const BULK_DOCS = 100_000;
const LOOKUPS = 2_000;
const SCAN_LOOKUPS = 50;

const doc = (i) => ({ key: `k${i}`, tenant: `t${i % 50}`, n: i, at: new Date(), payload: 'x'.repeat(100) });

async function timed(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function fill(collection, count) {
  for (let i = 0; i < count; i += 1_000) {
    await collection.insertMany(Array.from({ length: Math.min(1_000, count - i) }, (_, j) => doc(i + j)), { ordered: false });
  }
}

async function lookups(collection, size, field, count) {
  const seconds = await timed(async () => {
    for (let i = 0; i < count; i++) {
      const n = Math.floor(Math.random() * size);
      const found = await collection.findOne({ [field]: field === 'key' ? `k${n}` : n });
      if (!found) throw new Error(`lookup of ${n} found nothing`);
    }
  });
  return seconds / count;
}

const server = await EmbeddedMongo.start();
const client = new MongoClient(server.uri);
await client.connect();
const db = client.db('bench');
try {
  const single = db.collection('single');
  const singleSeconds = await timed(async () => {
    for (let i = 0; i < SINGLE_INSERTS; i++) await single.insertOne(doc(i));
  });

  const small = db.collection('small');
  const large = db.collection('large');
  await small.createIndex({ key: 1 });
  await large.createIndex({ key: 1 });
  await fill(small, 1_000);
  const bulkSeconds = await timed(() => fill(large, BULK_DOCS));

  // Warm up both paths, then alternate rounds so machine noise and JIT warm-up hit both sides alike.
  await lookups(small, 1_000, 'key', 200);
  await lookups(large, BULK_DOCS, 'key', 200);
  let smallIndexed = 0;
  let largeIndexed = 0;
  const ROUNDS = 10;
  for (let round = 0; round < ROUNDS; round++) {
    smallIndexed += (await lookups(small, 1_000, 'key', LOOKUPS / ROUNDS)) / ROUNDS;
    largeIndexed += (await lookups(large, BULK_DOCS, 'key', LOOKUPS / ROUNDS)) / ROUNDS;
  }
  const smallScan = await lookups(small, 1_000, 'n', SCAN_LOOKUPS);
  const largeScan = await lookups(large, BULK_DOCS, 'n', SCAN_LOOKUPS);

  const ratio = largeIndexed / smallIndexed;
  console.log('embedded-mongo benchmark (driver over TCP, one run)');
  console.log(`  insertOne:                 ${(SINGLE_INSERTS / singleSeconds).toFixed(0)} inserts/s`);
  console.log(`  insertMany (1000/batch):   ${(BULK_DOCS / bulkSeconds).toFixed(0)} docs/s`);
  console.log(`  indexed point reads:       ${(1 / largeIndexed).toFixed(0)} reads/s on ${BULK_DOCS} docs, ${(1 / smallIndexed).toFixed(0)} reads/s on 1000 docs`);
  console.log(`  indexed lookup 100k/1k:    ${ratio.toFixed(2)}x (target <= 3x) ${ratio <= 3 ? 'PASS' : 'FAIL'}`);
  console.log(`  unindexed lookup 100k/1k:  ${(largeScan / smallScan).toFixed(1)}x (collection scan, for contrast)`);
  if (ratio > 3) process.exitCode = 1;
} finally {
  await client.close();
  await server.stop();
}
