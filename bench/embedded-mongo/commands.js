// The embedded server's CPU per command (ADR 155): the process's CPU time (process.cpuUsage, user + system) per
// command of the kinds Vigil's ingest and walls paths send, driver and server together in this one process, as in
// the stack. Collections are shaped like Vigil's: activity_events and detection_events with their models' indexes,
// detection_recordings (one counter per tenant) and an alerts-like collection.
// Kinds, each run many times per round: insertMany of BENCH_BATCH activity events and of BENCH_BATCH detection
// events (also printed per document), insertOne of an alert, findAndModify `$inc` on one counter, updateOne `$set` on
// one alert by an indexed field, findAndModify `$addToSet` of 10 evidence items on an alert holding ~500 (trimmed back
// every 50 joins, as alerts' bounds do), countDocuments of a batch's 100 account keys by `$in` of their 32-byte
// BinData keys (activity-logs' late-erasure count, ADR 160), find of one event by its unique index, find of a
// detection window (~200 events by account key and time, through getMore like the driver reads it). Printed: median over the rounds of CPU µs per
// command (and per inserted document). The machine may be shared: compare CPU time, alternate A/B runs.
//
// Run from the repo root after building: node bench/embedded-mongo/commands.js
// Knobs: BENCH_ROUNDS (7), BENCH_BATCH (500), BENCH_REPEAT (scale of every kind's count per round, 1),
// BENCH_KINDS (comma-separated parts of the kinds' names to run, all by default), BENCH_COMPARE (path of another
// build's dist/index.js: both servers run in this process, each with its own client, and take turns kind by kind,
// first one then the other, so outside load falls on both alike; printed: both medians and the median of the
// per-turn ratios this/other. Its folder must resolve `bson` and `mingo`, e.g. a copy of dist beside a
// `node_modules` symlink to this repo's).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { Binary, MongoClient, ObjectId } from 'mongodb';
import { EmbeddedMongo } from '@vigil/embedded-mongo';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 1);
const ONLY = process.env.BENCH_KINDS?.split(',');
const ACCOUNTS = 50;
const WINDOW = 200;
/** Accounts of one ingest batch with a key (the ingest bench's batches name ~100). */
const KEYED = 100;

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One server with Vigil-shaped collections; returns the command kinds to time against it. */
async function target(Server) {
  const server = await Server.start();
  const client = await new MongoClient(server.uri).connect();
  const db = client.db('bench-commands');
  let sequence = 0;
  let alertNo = 0;
  const activityEvent = (tenantId) => {
    sequence += 1;
    const at = new Date(Date.UTC(2026, 0, 1) + sequence * 1000);
    return {
      _id: new ObjectId(),
      tenantId,
      sequence,
      prevHash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
      accountId: `account-${sequence % ACCOUNTS}`,
      type: 'user.authentication.failed',
      category: 'FAILURE',
      outcome: 'FAILURE',
      occurredAt: at,
      recordedAt: at,
      idempotencyKey: `key-${sequence}`,
      actor: { type: 'CUSTOMER', id: `customer-${sequence % ACCOUNTS}` },
      recordedBy: { kind: 'CLIENT', id: 'auth0|bench' },
      context: { ip: '81.2.69.142', userAgent: 'Mozilla/5.0', country: 'GB', deviceId: `device-${sequence % 7}` },
      firstSeenDevice: false,
      firstSeenCountry: false,
      piiCommitment: null,
    };
  };
  const detectionEvent = (tenantId) => {
    sequence += 1;
    const account = `account-${sequence % ACCOUNTS}`;
    return {
      _id: new ObjectId(),
      tenantId,
      eventId: `event-${sequence}`,
      accountId: account,
      type: 'user.authentication.failed',
      outcome: 'FAILURE',
      occurredAt: new Date(Date.UTC(2026, 0, 1) + sequence * 1000),
      ip: '81.2.69.142',
      country: 'GB',
      sequence,
      hash: 'c'.repeat(64),
      accountKeys: [`${tenantId}|${account}`],
      ipKeys: [`${tenantId}|81.2.69.142`],
    };
  };
  const alert = () => {
    alertNo += 1;
    return {
      _id: `alert-${alertNo}`,
      tenantId: 'bench',
      accountId: `account-${alertNo % ACCOUNTS}`,
      relatedAccountIds: [`account-${alertNo % ACCOUNTS}`],
      ruleId: 'brute-force',
      status: 'OPEN',
      severity: 'HIGH',
      raisedAt: new Date(),
      detectedAt: new Date(),
      reasons: [{ code: 'FAILED_LOGINS', count: 10 }],
      evidence: Array.from({ length: 10 }, (_, i) => ({ eventId: `event-${i}`, sequence: i })),
    };
  };

  // The models' indexes (activity-logs' activity_events, alerts' detection_events and alerts).
  const events = db.collection('activity_events');
  await events.createIndex({ tenantId: 1, sequence: 1 }, { unique: true });
  await events.createIndex(
    { idempotencyKey: 1, tenantId: 1 },
    { unique: true, partialFilterExpression: { idempotencyKey: { $type: 'string' } } },
  );
  await events.createIndex({ idempotencyKey: 1 });
  await events.createIndex({ accountId: 1, tenantId: 1, occurredAt: -1, _id: -1 });
  await events.createIndex({ tenantId: 1, occurredAt: -1, _id: -1 });
  const detections = db.collection('detection_events');
  await detections.createIndex({ tenantId: 1, eventId: 1 }, { unique: true });
  await detections.createIndex({ accountKeys: 1, occurredAt: 1 });
  await detections.createIndex({ ipKeys: 1, occurredAt: 1 });
  await detections.createIndex({ occurredAt: 1 });
  const recordings = db.collection('detection_recordings');
  const alerts = db.collection('alerts');
  await alerts.createIndex({ tenantId: 1, raisedAt: -1, _id: -1 });
  await alerts.createIndex({ tenantId: 1, status: 1, raisedAt: -1 });
  await alerts.createIndex({ accountId: 1, status: 1 });
  await alerts.createIndex({ relatedAccountIds: 1, ruleId: 1, detectedAt: -1 });
  await alerts.createIndex({ tenantId: 1, assignee: 1, status: 1 });
  // An open alert whose evidence list joins keep growing (alerts' AlertGrowth.join), ~500 items.
  await alerts.insertOne({
    ...alert(),
    _id: 'growing',
    evidence: Array.from({ length: 500 }, (_, i) => ({ eventId: `seed-${i}`, sequence: i, hash: 'd'.repeat(64) })),
  });
  // A detection window of WINDOW events for one account key, read whole by the window reads.
  const windowKey = 'bench|account-window';
  await detections.insertMany(Array.from({ length: WINDOW }, () => ({ ...detectionEvent('bench'), accountKeys: [windowKey] })));

  // activity-logs' account keys (32 random bytes each) and the batch's late-erasure count over them (ADR 138, 160).
  const accountKeys = db.collection('activity_account_keys');
  await accountKeys.createIndex({ tenantId: 1, accountId: 1 }, { unique: true });
  const keyOf = (n) => new Binary(Uint8Array.from({ length: 32 }, (_, i) => (n * 31 + i * 7) % 256));
  const keyed = Array.from({ length: KEYED }, (_, n) => ({ tenantId: 'bench', accountId: `account-${n}`, key: keyOf(n) }));
  await accountKeys.insertMany(keyed.map((doc) => ({ ...doc })));
  const keysCount = {
    tenantId: 'bench',
    accountId: { $in: keyed.map((doc) => doc.accountId) },
    key: { $in: keyed.map((doc) => doc.key) },
  };

  // [name, commands per round, documents per command, run one command]
  const kinds = [
    [
      'insertMany activity_events',
      10,
      BATCH,
      () => events.insertMany(Array.from({ length: BATCH }, () => activityEvent('bench'))),
    ],
    [
      'insertMany detection_events',
      10,
      BATCH,
      () => detections.insertMany(Array.from({ length: BATCH }, () => detectionEvent('bench'))),
    ],
    ['insertOne alert', 300, 1, () => alerts.insertOne(alert())],
    [
      'findAndModify $inc counter',
      300,
      0,
      () => recordings.findOneAndUpdate({ _id: 'bench' }, { $inc: { count: 1 } }, { upsert: true, returnDocument: 'after' }),
    ],
    [
      'updateOne $set alert by index',
      300,
      0,
      () =>
        alerts.updateOne({ accountId: `account-${alertNo % ACCOUNTS}`, status: 'OPEN' }, { $set: { publishedAt: new Date() } }),
    ],
    [
      'findAndModify $addToSet on a ~500-item alert',
      100,
      0,
      async () => {
        alertNo += 1;
        const evidence = Array.from({ length: 10 }, (_, i) => ({
          eventId: `e-${alertNo}-${i}`,
          sequence: alertNo * 10 + i,
          hash: 'd'.repeat(64),
        }));
        await alerts.findOneAndUpdate(
          { _id: 'growing', status: { $in: ['OPEN', 'ACKNOWLEDGED'] } },
          {
            $addToSet: { evidence: { $each: evidence }, relatedAccountIds: { $each: [`account-${alertNo % ACCOUNTS}`] } },
            $max: { lastSeenAt: new Date() },
          },
          { returnDocument: 'before', projection: { _id: 1, magnitude: 1 } },
        );
        // Trimmed back to its bound now and then, as alerts' lists are (ADR 118).
        if (alertNo % 50 === 0) await alerts.updateOne({ _id: 'growing' }, { $push: { evidence: { $each: [], $slice: -500 } } });
      },
    ],
    [`countDocuments of ${KEYED} account keys ($in BinData)`, 100, 0, () => accountKeys.countDocuments(keysCount)],
    ['find one event by unique index', 300, 0, () => events.findOne({ tenantId: 'bench', sequence: Math.max(1, sequence >> 1) })],
    [
      `find window of ${WINDOW} detection events`,
      100,
      0,
      () => detections.find({ accountKeys: windowKey, occurredAt: { $gte: new Date(0) } }).toArray(),
    ],
  ].filter(([name]) => !ONLY || ONLY.some((part) => name.includes(part)));
  const close = async () => {
    await client.close();
    await server.stop();
  };
  return { kinds, close };
}

/** CPU µs per command of `count` × BENCH_REPEAT runs. */
async function timed(count, run) {
  const times = Math.max(1, Math.round(count * REPEAT));
  const before = cpu();
  for (let i = 0; i < times; i += 1) await run();
  return (cpu() - before) / times;
}

const targets = [await target(EmbeddedMongo)];
if (process.env.BENCH_COMPARE) {
  const other = await import(pathToFileURL(resolve(process.env.BENCH_COMPARE)).href);
  targets.push(await target(other.EmbeddedMongo));
}
try {
  const kinds = targets[0].kinds;
  const figures = kinds.map(() => targets.map(() => []));
  for (let round = 0; round <= ROUNDS; round += 1) {
    for (let k = 0; k < kinds.length; k += 1) {
      // Turns alternate which server goes first.
      const order = round % 2 === 0 ? targets.map((_, t) => t) : targets.map((_, t) => targets.length - 1 - t);
      for (const t of order) {
        const [, count, , run] = targets[t].kinds[k];
        const perCommand = await timed(count, run);
        // Round 0 warms the JIT and the collections up; it is not counted.
        if (round > 0) figures[k][t].push(perCommand);
      }
    }
  }
  const compare = targets.length > 1;
  console.log(
    `embedded-mongo CPU µs per command, median of ${ROUNDS} rounds (driver + server, one process)` +
      (compare ? `: this build | ${process.env.BENCH_COMPARE} | median ratio this/other` : ''),
  );
  kinds.forEach(([name, , docs], k) => {
    const cells = figures[k].map((values) => {
      const perCommand = median(values);
      const perDoc = docs > 0 ? ` (${(perCommand / docs).toFixed(1)} per doc)` : '';
      return `${perCommand.toFixed(0).padStart(7)}${perDoc}`;
    });
    if (compare) cells.push(median(figures[k][0].map((value, r) => value / figures[k][1][r])).toFixed(2));
    console.log(`  ${name.padEnd(38)} ${cells.join(' | ')}`);
  });
} finally {
  for (const t of targets) await t.close();
}
