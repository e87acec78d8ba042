// Update cost vs nesting depth, through the official driver over TCP: documents nested 2…32 levels deep
// (each level an object holding an array that holds the next level and strings with quotes and backslashes,
// the worst case for a key function that escaped again at every level), a `$inc` on a top-level field each.
// Prints, per depth: document size (BSON bytes), time per update, and time per KB. Time per update must
// grow no faster than the document size: the check compares depth 32 with depth 2 (the ratio of times must
// not exceed the ratio of sizes; a fixed round-trip cost only makes it smaller). The exponential key function
// this replaces took over a second per update at depth 7 and failed at depth 9.
//
// Run from the repo root after building: npx tsc -b shared/embedded-mongo && node bench/embedded-mongo/nesting.js
// (also run at the end of bench/embedded-mongo/index.js).
import { BSON, MongoClient } from 'mongodb';
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import { fileURLToPath } from 'node:url';

const DEPTHS = [2, 4, 8, 16, 32];
const UPDATES = 100;

/** A document `depth` levels deep; every level adds the same amount of data. */
function nested(depth) {
  const text = 'quote " and \\ slash, '.repeat(400);
  let node = { leaf: text, n: 1 };
  for (let level = 1; level <= depth; level++) {
    node = { name: `level "${level}"`, path: 'a\\b\\c', items: [node, text, level], tags: ['x"y', 'z\\w'] };
  }
  return node;
}

async function perUpdate(collection, id) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < UPDATES; i++) await collection.updateOne({ _id: id }, { $inc: { counter: 1 } });
  return Number(process.hrtime.bigint() - start) / 1e6 / UPDATES;
}

export async function runNesting(db) {
  const collection = db.collection('nesting');
  const rows = [];
  for (const depth of DEPTHS) await collection.insertOne({ _id: `d${depth}`, counter: 0, body: nested(depth) });
  // Warm up, then measure each depth.
  for (const depth of DEPTHS) await perUpdate(collection, `d${depth}`);
  for (const depth of DEPTHS) {
    const doc = await collection.findOne({ _id: `d${depth}` });
    if (doc.counter !== UPDATES) throw new Error(`depth ${depth}: counter ${doc.counter}, expected ${UPDATES}`);
    rows.push({ depth, bytes: BSON.calculateObjectSize(doc), ms: await perUpdate(collection, `d${depth}`) });
  }
  console.log(`update cost vs nesting depth ($inc on a top-level field, ${UPDATES} updates each, one run)`);
  for (const { depth, bytes, ms } of rows) {
    const perKb = (ms * 1000) / (bytes / 1024);
    console.log(
      `  depth ${String(depth).padStart(2)}: ${String(bytes).padStart(7)} bytes  ${(ms * 1000).toFixed(0).padStart(6)} µs/update  ` +
        `${perKb.toFixed(1).padStart(6)} µs/KB`,
    );
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  const sizeRatio = last.bytes / first.bytes;
  const timeRatio = last.ms / first.ms;
  const pass = timeRatio <= sizeRatio;
  console.log(
    `  depth ${last.depth} vs ${first.depth}: size ${sizeRatio.toFixed(1)}x, time per update ${timeRatio.toFixed(1)}x ` +
      `(target: time ratio <= size ratio) ${pass ? 'PASS' : 'FAIL'}`,
  );
  return pass;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await EmbeddedMongo.start({ port: 0 });
  const client = new MongoClient(server.uri);
  try {
    await client.connect();
    if (!(await runNesting(client.db('bench-nesting')))) process.exitCode = 1;
  } finally {
    await client.close();
    await server.stop();
  }
}
