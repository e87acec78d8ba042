// Benchmark for @vigil/embedded-mongo, through the official driver over TCP (what mongoose does).
// Prints, from one run (figures vary with the machine):
//   - inserts/s: insertOne, and insertMany into a collection with a point index plus a timeline index;
//   - indexed point reads/s and the cost ratio of indexed point lookups on 100,000 vs 1,000 documents
//     (target: within 3x), with an unindexed lookup ratio for contrast (a scan grows with the collection);
//   - timeline pages: `find({ tenant, at: { $lt: cursor } }).sort({ at: -1, _id: -1 }).limit(50)` and the
//     keyset form `$or: [{ at: { $lt: t } }, { at: t, _id: { $lt: id } }]`, answered by the ordered index
//     { tenant: 1, at: -1, _id: -1 }, on 100,000 vs 1,000 documents (target: within 3x), with the same
//     page on a collection without that index for contrast;
//   - update cost vs nesting depth (nesting.js): time per update grows no faster than the document size.
// Optional: BENCH_LARGE=1000000 to compare 1,000,000 documents instead of 100,000 (needs ~4 GB of heap:
// node --max-old-space-size=6144).
//
// Run from the repo root after building: npx tsc -b shared/embedded-mongo && node bench/embedded-mongo/index.js
import { MongoClient } from 'mongodb';
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import { runNesting } from './nesting.js';

const SINGLE_INSERTS = 3_000;
const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);
const LOOKUPS = 2_000;
const SCAN_LOOKUPS = 50;
const PAGES = 1_000;
const SCAN_PAGES = 20;
const PAGE = 50;
const BASE = Date.UTC(2026, 0, 1);

// Two tenants; `at` rises with i, four documents per second so pages cross ties on `at`.
const doc = (i) => ({
  key: `k${i}`,
  tenant: `t${i % 2}`,
  n: i,
  at: new Date(BASE + Math.floor(i / 4) * 1000),
  payload: 'x'.repeat(100),
});

async function timed(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function fill(collection, count) {
  for (let i = 0; i < count; i += 1_000) {
    await collection.insertMany(
      Array.from({ length: Math.min(1_000, count - i) }, (_, j) => doc(i + j)),
      { ordered: false },
    );
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

/** Newest-first pages of tenant t0 below a random cursor in the newer half; alternates the two query forms. */
async function pages(collection, size, count) {
  const seconds = await timed(async () => {
    for (let i = 0; i < count; i++) {
      const cursor = doc(Math.floor(size / 2 + Math.random() * (size / 2)));
      const filter =
        i % 2 === 0
          ? { tenant: 't0', at: { $lt: cursor.at } }
          : { tenant: 't0', $or: [{ at: { $lt: cursor.at } }, { at: cursor.at, n: { $lt: cursor.n } }] };
      const page = await collection.find(filter).sort({ at: -1, _id: -1 }).limit(PAGE).toArray();
      if (page.length !== PAGE) throw new Error(`page below ${cursor.at.toISOString()} has ${page.length} documents`);
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
  for (const collection of [small, large]) {
    await collection.createIndex({ key: 1 });
    await collection.createIndex({ tenant: 1, at: -1, _id: -1 });
  }
  await fill(small, 1_000);
  const bulkSeconds = await timed(() => fill(large, LARGE));
  const smallScanned = db.collection('smallScanned');
  const largeScanned = db.collection('largeScanned');
  await fill(smallScanned, 1_000);
  await fill(largeScanned, LARGE);

  // Warm up both paths, then alternate rounds so machine noise and JIT warm-up hit both sides alike.
  await lookups(small, 1_000, 'key', 200);
  await lookups(large, LARGE, 'key', 200);
  await pages(small, 1_000, 100);
  await pages(large, LARGE, 100);
  let smallIndexed = 0;
  let largeIndexed = 0;
  let smallPage = 0;
  let largePage = 0;
  const ROUNDS = 10;
  for (let round = 0; round < ROUNDS; round++) {
    smallIndexed += (await lookups(small, 1_000, 'key', LOOKUPS / ROUNDS)) / ROUNDS;
    largeIndexed += (await lookups(large, LARGE, 'key', LOOKUPS / ROUNDS)) / ROUNDS;
    smallPage += (await pages(small, 1_000, PAGES / ROUNDS)) / ROUNDS;
    largePage += (await pages(large, LARGE, PAGES / ROUNDS)) / ROUNDS;
  }
  const smallScan = await lookups(small, 1_000, 'n', SCAN_LOOKUPS);
  const largeScan = await lookups(large, LARGE, 'n', SCAN_LOOKUPS);
  const smallScanPage = await pages(smallScanned, 1_000, SCAN_PAGES);
  const largeScanPage = await pages(largeScanned, LARGE, SCAN_PAGES);

  const ratio = largeIndexed / smallIndexed;
  const pageRatio = largePage / smallPage;
  const label = LARGE >= 1_000_000 ? `${LARGE / 1_000_000}M` : `${LARGE / 1_000}k`;
  const ms = (seconds) => `${(seconds * 1000).toFixed(2)} ms`;
  console.log('embedded-mongo benchmark (driver over TCP, one run)');
  console.log(`  insertOne:                      ${(SINGLE_INSERTS / singleSeconds).toFixed(0)} inserts/s`);
  console.log(`  insertMany (1000/batch, 2 idx): ${(LARGE / bulkSeconds).toFixed(0)} docs/s into ${LARGE} docs`);
  console.log(
    `  indexed point reads:            ${(1 / largeIndexed).toFixed(0)} reads/s on ${LARGE} docs, ${(1 / smallIndexed).toFixed(0)} reads/s on 1000 docs`,
  );
  console.log(`  indexed lookup ${label}/1k:        ${ratio.toFixed(2)}x (target <= 3x) ${ratio <= 3 ? 'PASS' : 'FAIL'}`);
  console.log(`  unindexed lookup ${label}/1k:      ${(largeScan / smallScan).toFixed(1)}x (collection scan, for contrast)`);
  console.log(`  timeline page (50, newest first): ${ms(largePage)} on ${LARGE} docs, ${ms(smallPage)} on 1000 docs`);
  console.log(`  timeline page ${label}/1k:         ${pageRatio.toFixed(2)}x (target <= 3x) ${pageRatio <= 3 ? 'PASS' : 'FAIL'}`);
  console.log(
    `  unindexed page ${label}/1k:        ${(largeScanPage / smallScanPage).toFixed(1)}x (${ms(largeScanPage)} vs ${ms(smallScanPage)}: scan + sort, for contrast)`,
  );
  const linear = await runNesting(db);
  if (ratio > 3 || pageRatio > 3 || !linear) process.exitCode = 1;
} finally {
  await client.close();
  await server.stop();
}
