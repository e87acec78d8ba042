// Ingestion through the gateway, per call and in batches, against the whole in-process stack (startStack).
// Prints, from one run:
//   1. one event per recordActivities call: latency through the gateway vs the same call sent straight to the
//      activity-logs subgraph (signed like the gateway signs it), and the difference: the gateway's overhead;
//   2. events/s through the gateway in batches of 500 (hash chain, signed heads and everything included), and the
//      process's CPU time per event (gateway, subgraphs, their consumers and MongoDB all run in this process: on a
//      shared machine CPU per event moves much less than events/s); counted while the calls run, then again until
//      every chain consumer has caught up (detection lags behind the calls: only the second holds all its work);
//   3. one address spraying BENCH_SPRAY failed logins over the tenant's accounts within one five-minute window, in
//      batches: events/s and CPU per event until caught up — the rules' cost must not grow with the flood (ADR 117);
//      then the size of the largest alert it left (a flood joins one open alert, which must stay bounded, ADR 118);
//   4. the same batches into a tenant with 10,000 events already recorded vs one with 1,000,000 (alternating batch
//      by batch), and the ratio: appending must not slow down as the tenant grows.
// Run from the repo root after building: node --max-old-space-size=8192 --max-semi-space-size=64 bench/ingest/index.js
// (or npm run bench -- ingest; the young generation `npm start` and the image run with, ADR 121)
// Knobs: BENCH_SINGLES (calls per path, default 300), BENCH_BATCHES (default 20), BENCH_BATCH (default 500),
// BENCH_SPRAY (default 5000; the spray phase, 0 skips it), BENCH_SPRAY_ACCOUNTS (default 200; 1 makes it a brute-force
// flood on one account), BENCH_LARGE (default 1000000; the tenant-size phase, 0 skips it), BENCH_PROFILE=<file.cpuprofile> (CPU profiles of
// the one-event phase, and of the batches in <file>.batches.cpuprofile, for DevTools), BENCH_COMMANDS=1 (the MongoDB
// commands of the batches, per subgraph, command and collection, until caught up; monitoring costs CPU: count in a run
// of its own).
import { EmbeddedMongo } from '@vigil/embedded-mongo';
import mongoose from 'mongoose';
import { callSubgraph } from '@vigil/core';
import { commandCounter } from '../support/command-count.js';
import { consumersCaughtUp } from '../support/drain.js';
import { fillChain } from '../support/fill.js';
import { startProfile, stopProfile } from '../support/profile.js';
import {
  accountIds,
  graphqlCaller,
  ingestEvents,
  recordMutation,
  registerAccounts,
  sprayEvents,
  startBenchStack,
} from '../support/stack.js';

const SINGLES = Number(process.env.BENCH_SINGLES ?? 300);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const TENANT = 'bench-ingest';
const SIZED = { small: 'bench-ingest-10k', large: 'bench-ingest-1m' };
const SPRAYED = 'bench-ingest-spray';
const SPRAY = Number(process.env.BENCH_SPRAY ?? 5_000);
const SPRAY_ACCOUNTS = Number(process.env.BENCH_SPRAY_ACCOUNTS ?? 200);
const ACCOUNTS = 200;

// The tenants of phase 3 are filled before the stack starts, so its chain consumers begin at their heads (as they
// would have kept up with them) instead of replaying a million events during the measurement.
const mongo = await EmbeddedMongo.start();
if (LARGE > 0) {
  const started = performance.now();
  const connection = await mongoose.createConnection(mongo.uri).asPromise();
  await fillChain(connection, SIZED.small, SMALL, (i) => `filled-${i % 1000}`);
  await fillChain(connection, SIZED.large, LARGE, (i) => `filled-${i % 1000}`);
  await connection.close();
  console.log(`filled ${SMALL} + ${LARGE} events in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
const COUNT_COMMANDS = process.env.BENCH_COMMANDS === '1';
const stack = await startBenchStack({ MONGODB_URI: mongo.uri }, { monitorCommands: COUNT_COMMANDS });
const commands = COUNT_COMMANDS ? commandCounter(stack) : undefined;
try {
  const activity = stack.subgraphs.get('activity-logs');
  if (!activity) throw new Error('The stack has no activity-logs subgraph (stack/src/subgraphs.ts).');
  // Each tenant its own accounts and its own stream of events (idempotency keys).
  const streams = new Map();
  for (const tenantId of [TENANT, SIZED.small, SIZED.large]) {
    const accounts = accountIds(ACCOUNTS, tenantId);
    await registerAccounts(stack, tenantId, accounts);
    streams.set(tenantId, ingestEvents(accounts, tenantId));
  }
  const sprayed = accountIds(ACCOUNTS, SPRAYED);
  await registerAccounts(stack, SPRAYED, sprayed);
  streams.set(SPRAYED, sprayEvents(sprayed.slice(0, SPRAY_ACCOUNTS), SPRAY, SPRAYED));
  const token = await stack.token({ roles: ['INGEST'], tenants: [TENANT, SIZED.small, SIZED.large, SPRAYED] });
  const identity = {
    subject: 'bench-ingest',
    roles: ['INGEST'],
    tenantIds: [TENANT, SIZED.small, SIZED.large],
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  };
  const event = streams.get(TENANT);
  const call = graphqlCaller(stack.gatewayUrl);
  const viaGateway = async (events, tenantId = TENANT) =>
    (await call(token, recordMutation(tenantId), { events })).recordActivities.recordedCount;
  const direct = async (events) => {
    const result = await callSubgraph(
      activity.url,
      { query: recordMutation(TENANT), variables: { events } },
      { identity, signingKey: stack.config.GATEWAY_SIGNING_KEY, audience: 'activity-logs', timeoutMs: 30_000 },
    );
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data.recordActivities.recordedCount;
  };
  const timed = async (send) => {
    const started = performance.now();
    if ((await send([event()])) !== 1) throw new Error('one event per call, one recorded');
    return performance.now() - started;
  };
  const stats = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { p50: at(0.5), p99: at(0.99), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
  };
  const cpuMs = (used) => (used.user + used.system) / 1000;
  /** Sends one batch; its wall time and the process's CPU time meanwhile (ms). */
  const batch = async (tenantId) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    if ((await viaGateway(Array.from({ length: BATCH }, streams.get(tenantId)), tenantId)) !== BATCH)
      throw new Error('batch not fully recorded');
    return { wall: performance.now() - started, cpu: cpuMs(process.cpuUsage(cpu)) };
  };
  const sum = (runs, field) => runs.reduce((total, run) => total + run[field], 0);
  const rateOf = (batches, { wall, cpu }) =>
    `${((BATCH * batches) / (wall / 1000)).toFixed(0)} events/s, CPU ${((1000 * cpu) / (BATCH * batches)).toFixed(0)} µs/event`;
  const rate = (runs) => rateOf(runs.length, { wall: sum(runs, 'wall'), cpu: sum(runs, 'cpu') });

  // Warm-up both paths (plans, indexes, JIT, the tenant's chain head and account keys).
  for (let i = 0; i < 20; i += 1) {
    await timed(viaGateway);
    await timed(direct);
  }
  let profiler = await startProfile();
  // The two paths alternate call by call, so that load from elsewhere on the machine hits both alike; the
  // overhead is the median of the paired differences (gateway call minus the direct call right after it).
  const gatewayTimes = [];
  const directTimes = [];
  const differences = [];
  for (let i = 0; i < SINGLES; i += 1) {
    const g = await timed(viaGateway);
    const d = await timed(direct);
    gatewayTimes.push(g);
    directTimes.push(d);
    differences.push(g - d);
  }
  await stopProfile(profiler, process.env.BENCH_PROFILE);
  const g = stats(gatewayTimes);
  const d = stats(directTimes);
  const fmt = (x) => `p50 ${x.p50.toFixed(2)} ms, p99 ${x.p99.toFixed(2)} ms, mean ${x.mean.toFixed(2)} ms`;
  console.log(`one event per call (${SINGLES} calls each path, alternating, sequential):`);
  console.log(`  through the gateway: ${fmt(g)} → ${(1000 / g.mean).toFixed(0)} events/s`);
  console.log(`  straight to activity-logs (signed): ${fmt(d)} → ${(1000 / d.mean).toFixed(0)} events/s`);
  console.log(
    `  gateway overhead per call (gateway − direct, paired): median ${stats(differences).p50.toFixed(2)} ms; difference of medians ${(g.p50 - d.p50).toFixed(2)} ms`,
  );
  console.log(
    '  (in-process gateway: the consumers of each recorded event run inside its calls too; a gateway in its own process, as production runs it: node bench/ingest/spans.js)',
  );

  await batch(TENANT); // warm-up at batch size
  await consumersCaughtUp(stack, TENANT); // the phase starts with no consumer work left over from before it
  profiler = await startProfile();
  commands?.start();
  const phaseCpu = process.cpuUsage();
  const phaseStarted = performance.now();
  const runs = [];
  for (let i = 0; i < BATCHES; i += 1) runs.push(await batch(TENANT));
  await consumersCaughtUp(stack, TENANT);
  const drained = { wall: performance.now() - phaseStarted, cpu: cpuMs(process.cpuUsage(phaseCpu)) };
  commands?.stop();
  await stopProfile(profiler, process.env.BENCH_PROFILE?.replace(/(\.cpuprofile)?$/, '.batches.cpuprofile'));
  console.log(`batches through the gateway (${BATCHES} × ${BATCH} events, one call at a time): ${rate(runs)}`);
  console.log(`  until every consumer caught up (detection included): ${rateOf(BATCHES, drained)}`);
  commands?.print(`  MongoDB commands of the ${BATCHES} batches until caught up (BENCH_COMMANDS=1)`);

  if (SPRAY > 0) {
    const sprayBatches = Math.ceil(SPRAY / BATCH);
    const sprayCpu = process.cpuUsage();
    const sprayStarted = performance.now();
    for (let i = 0; i < sprayBatches; i += 1) await batch(SPRAYED);
    await consumersCaughtUp(stack, SPRAYED);
    const drainedSpray = { wall: performance.now() - sprayStarted, cpu: cpuMs(process.cpuUsage(sprayCpu)) };
    console.log(
      `one address spraying ${sprayBatches * BATCH} failed logins over ${Math.min(SPRAY_ACCOUNTS, ACCOUNTS)} account(s) within 5 minutes, until caught up: ${rateOf(sprayBatches, drainedSpray)}`,
    );
    // ADR 118: a flood joins one open alert; its stored size must not grow with the flood.
    const sprayAlerts = await stack.subgraphs
      .get('alerts')
      .mongo.connection.collection('alerts')
      .find({ tenantId: SPRAYED })
      .toArray();
    const largest = Math.max(0, ...sprayAlerts.map((alert) => mongoose.mongo.BSON.calculateObjectSize(alert)));
    console.log(`  the sprayed tenant's largest alert afterwards: ${(largest / 1024).toFixed(1)} KB`);
  }

  if (LARGE > 0) {
    // Warm-up: each tenant's account keys and chain head; then the two tenants take turns batch by batch.
    await batch(SIZED.small);
    await batch(SIZED.large);
    // Nothing left over: the consumers' work on the warm-ups, and the one-time pass over the erasures on record
    // (ADR 147), which reads the pre-filled chains once after the stack's first start.
    await consumersCaughtUp(stack, SIZED.small);
    await consumersCaughtUp(stack, SIZED.large);
    const small = [];
    const large = [];
    for (let i = 0; i < BATCHES; i += 1) {
      small.push(await batch(SIZED.small));
      large.push(await batch(SIZED.large));
    }
    const ratio = sum(large, 'wall') / sum(small, 'wall');
    const cpuRatio = sum(large, 'cpu') / sum(small, 'cpu');
    console.log(`batches by tenant size (${BATCHES} × ${BATCH} events each, alternating):`);
    console.log(`  tenant with ${SMALL} events: ${rate(small)}`);
    console.log(`  tenant with ${LARGE} events: ${rate(large)}`);
    console.log(`  time per batch ${LARGE} vs ${SMALL}: ratio ${ratio.toFixed(2)} (CPU ratio ${cpuRatio.toFixed(2)})`);
  }
} finally {
  await stack.stop();
  await mongo.stop();
}
