// Ingestion through the gateway, per call and in batches, measured from outside the server (ADR 164): this process
// is the load (a log shipper or IdP calling the gateway), pinned to CPU 1; the stack (gateway + four subgraphs and
// their consumers) runs in its own process pinned to CPU 0 (stack.js); MongoDB runs as a server of its own process
// beside the load, as production runs it outside the graph's processes (topology.js). `--mongo in-process` (or
// BENCH_MONGO=in-process) keeps the earlier topology, MongoDB inside the stack's process; the header names the one
// that ran. Prints, from one run:
//   1. one event per recordActivities call: latency through the gateway vs the same call sent straight to the
//      activity-logs subgraph (signed like the gateway signs it), and the difference: the gateway's overhead;
//   2. events/s through the gateway in batches of 500 (hash chain, signed heads and everything included), and CPU
//      time per event of each process: the stack's (on a shared machine CPU per event moves much less than events/s),
//      MongoDB's (from /proc, 10 ms ticks: read over a phase) and the load's; counted while the calls run, then
//      again until every chain consumer has caught up (detection lags behind the calls: only the second holds all
//      its work);
//   3. one address spraying BENCH_SPRAY failed logins over the tenant's accounts within one five-minute window, in
//      batches: events/s and CPU per event until caught up — the rules' cost must not grow with the flood (ADR 117);
//      then the size of the largest alert it left (a flood joins one open alert, which must stay bounded, ADR 118);
//   4. the same batches into a tenant with 10,000 events already recorded vs one with 1,000,000 (alternating batch
//      by batch), and the ratio: appending must not slow down as the tenant grows.
// Run from the repo root after building: node bench/ingest/index.js [--mongo server|in-process]
// (or npm run bench -- ingest; the stack's process runs with the young generation `npm start` and the image run
// with, ADR 121). Knobs: BENCH_SINGLES (calls per path, default 300), BENCH_BATCHES (default 20), BENCH_CONCURRENCY
// (calls in flight in the batches phase, default 1), BENCH_BATCH
// (default 500), BENCH_SPRAY (default 5000; the spray phase, 0 skips it), BENCH_SPRAY_ACCOUNTS (default 200; 1 makes
// it a brute-force flood on one account), BENCH_LARGE (default 1000000; the tenant-size phase, 0 skips it),
// BENCH_PROFILE=<file.cpuprofile> (CPU profiles of the stack's process: the one-event phase, and the batches in
// <file>.batches.cpuprofile, for DevTools), BENCH_COMMANDS=1 (the MongoDB commands of the batches, per subgraph,
// command and collection, until caught up, printed by the stack's process; monitoring costs CPU: count in a run
// of its own).
import { parseArgs } from 'node:util';
import { callSubgraph, loadConfig } from '@vigil/core';
import { fillChain } from '../support/fill.js';
import { accountIds, benchStackEnv, graphqlCaller, ingestEvents, recordMutation, sprayEvents } from '../support/stack.js';
import { startTopology } from './topology.js';

const { values } = parseArgs({ options: { mongo: { type: 'string', default: process.env.BENCH_MONGO ?? 'server' } } });
const SINGLES = Number(process.env.BENCH_SINGLES ?? 300);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
// Calls in flight at once in the batches phase (a shipper's parallel requests); 1 sends one call at a time.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
if (!Number.isInteger(CONCURRENCY) || CONCURRENCY < 1 || CONCURRENCY > BATCHES)
  throw new Error(`BENCH_CONCURRENCY is a whole number from 1 to BENCH_BATCHES (${BATCHES}).`);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const TENANT = 'bench-ingest';
const SIZED = { small: 'bench-ingest-10k', large: 'bench-ingest-1m' };
const SPRAYED = 'bench-ingest-spray';
const SPRAY = Number(process.env.BENCH_SPRAY ?? 5_000);
const SPRAY_ACCOUNTS = Number(process.env.BENCH_SPRAY_ACCOUNTS ?? 200);
const ACCOUNTS = 200;
const PROFILE = process.env.BENCH_PROFILE;

// The tenants of phase 4 are filled before the stack starts, so its chain consumers begin at their heads (as they
// would have kept up with them) instead of replaying a million events during the measurement.
const fill = async (connection) => {
  if (LARGE <= 0) return;
  const started = performance.now();
  await fillChain(connection, SIZED.small, SMALL, (i) => `filled-${i % 1000}`);
  await fillChain(connection, SIZED.large, LARGE, (i) => `filled-${i % 1000}`);
  console.log(`filled ${SMALL} + ${LARGE} events in ${((performance.now() - started) / 1000).toFixed(0)} s`);
};
let stack;
try {
  stack = await startTopology(values.mongo, fill);
  console.log(stack.header);
  // A child that exits mid-run fails the run with its exit code (ChildExited) instead of leaving a call waiting.
  await Promise.race([run(stack), stack.failed]);
} catch (error) {
  // A call cut off by a child's death usually fails before the child's exit is seen: name the exit when it follows.
  const settle = new Promise((resolve) => setTimeout(resolve, 1_000, undefined));
  const exited =
    stack &&
    (await Promise.race([
      stack.failed.then(
        () => undefined,
        (failure) => failure,
      ),
      settle,
    ]));
  console.error(exited ? `${exited.message} (then: ${error.message})` : error);
  process.exitCode = (exited ?? error).exitCode ?? 1;
} finally {
  await stack?.stop();
}

async function run(stack) {
  // Each tenant its own accounts and its own stream of events (idempotency keys).
  const streams = new Map();
  for (const tenantId of [TENANT, SIZED.small, SIZED.large]) {
    const accounts = accountIds(ACCOUNTS, tenantId);
    await stack.ask('register', { tenantId, accounts });
    streams.set(tenantId, ingestEvents(accounts, tenantId));
  }
  const sprayed = accountIds(ACCOUNTS, SPRAYED);
  await stack.ask('register', { tenantId: SPRAYED, accounts: sprayed });
  streams.set(SPRAYED, sprayEvents(sprayed.slice(0, SPRAY_ACCOUNTS), SPRAY, SPRAYED));
  const { token } = await stack.ask('token', {
    request: { roles: ['INGEST'], tenants: [TENANT, SIZED.small, SIZED.large, SPRAYED] },
  });
  const identity = {
    subject: 'bench-ingest',
    roles: ['INGEST'],
    tenantIds: [TENANT, SIZED.small, SIZED.large],
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  };
  // The stack's signing key: its process reads it from the same environment (the dev key outside production).
  const signingKey = loadConfig(benchStackEnv()).GATEWAY_SIGNING_KEY;
  const event = streams.get(TENANT);
  const call = graphqlCaller(stack.gatewayUrl);
  const viaGateway = async (events, tenantId = TENANT) =>
    (await call(token, recordMutation(tenantId), { events })).recordActivities.recordedCount;
  const direct = async (events) => {
    const result = await callSubgraph(
      stack.activityUrl,
      { query: recordMutation(TENANT), variables: { events } },
      { identity, signingKey, audience: 'activity-logs', timeoutMs: 30_000 },
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
  /** Wall time (ms) and each process's CPU time (ms) since `from` (a `measure()` result), and now. */
  const measure = async (from) => {
    const now = { wall: performance.now(), ...(await stack.cpu()) };
    if (!from) return now;
    return {
      wall: now.wall - from.wall,
      stack: now.stack - from.stack,
      mongo: now.mongo - from.mongo,
      load: now.load - from.load,
    };
  };
  /** Sends one batch; its wall time and the processes' CPU time meanwhile (ms). */
  const batch = async (tenantId) => {
    const from = await measure();
    if ((await viaGateway(Array.from({ length: BATCH }, streams.get(tenantId)), tenantId)) !== BATCH)
      throw new Error('batch not fully recorded');
    return measure(from);
  };
  const sum = (runs, field) => runs.reduce((total, run) => total + run[field], 0);
  const perEvent = (ms, events) => `${((1000 * ms) / events).toFixed(0)} µs/event`;
  const rateOf = (batches, { wall, stack: stackMs, mongo, load }) => {
    const events = BATCH * batches;
    const mongoCpu = stack.mongoApart ? `, MongoDB ${perEvent(mongo, events)}` : ' (MongoDB included)';
    return `${(events / (wall / 1000)).toFixed(0)} events/s, CPU: stack ${perEvent(stackMs, events)}${mongoCpu}, load ${perEvent(load, events)}`;
  };
  const total = (runs) => ({
    wall: sum(runs, 'wall'),
    stack: sum(runs, 'stack'),
    mongo: sum(runs, 'mongo'),
    load: sum(runs, 'load'),
  });
  const rate = (runs) => rateOf(runs.length, total(runs));
  /**
   * The batches phase's calls: one at a time, summed batch by batch (the time between calls left out); or, with
   * BENCH_CONCURRENCY > 1 (a shipper with several requests in flight), `CONCURRENCY` senders sharing the BATCHES
   * batches, measured from the phase's start until the last call returned.
   */
  const sendBatches = async (tenantId, phaseStart) => {
    if (CONCURRENCY === 1) {
      const runs = [];
      for (let i = 0; i < BATCHES; i += 1) runs.push(await batch(tenantId));
      return total(runs);
    }
    let sent = 0;
    const sender = async () => {
      for (; sent < BATCHES;) {
        sent += 1;
        if ((await viaGateway(Array.from({ length: BATCH }, streams.get(tenantId)), tenantId)) !== BATCH)
          throw new Error('batch not fully recorded');
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, sender));
    return measure(phaseStart);
  };
  const profile = (file) => (PROFILE ? stack.ask('profile', { file }) : undefined);

  // Warm-up both paths (plans, indexes, JIT, the tenant's chain head and account keys).
  for (let i = 0; i < 20; i += 1) {
    await timed(viaGateway);
    await timed(direct);
  }
  await profile();
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
  await profile(PROFILE);
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
    "  (the gateway shares the stack's process: the consumers of each recorded event run inside its calls too; a gateway in a process of its own: node bench/ingest/spans.js)",
  );

  await batch(TENANT); // warm-up at batch size
  await stack.ask('caughtUp', { tenantId: TENANT }); // the phase starts with no consumer work left from before it
  await profile();
  await stack.ask('commands', { action: 'start' });
  const phase = await measure();
  const callsOnly = await sendBatches(TENANT, phase);
  await stack.ask('caughtUp', { tenantId: TENANT });
  const drained = await measure(phase);
  await stack.ask('commands', { action: 'stop' });
  await profile(PROFILE?.replace(/(\.cpuprofile)?$/, '.batches.cpuprofile'));
  const inFlight = CONCURRENCY === 1 ? 'one call at a time' : `${CONCURRENCY} calls in flight`;
  console.log(`batches through the gateway (${BATCHES} × ${BATCH} events, ${inFlight}): ${rateOf(BATCHES, callsOnly)}`);
  console.log(`  until every consumer caught up (detection included): ${rateOf(BATCHES, drained)}`);
  const title = `  MongoDB commands of the ${BATCHES} batches until caught up (BENCH_COMMANDS=1)`;
  await stack.ask('commands', { action: 'print', title });

  if (SPRAY > 0) {
    const sprayBatches = Math.ceil(SPRAY / BATCH);
    const sprayStarted = await measure();
    for (let i = 0; i < sprayBatches; i += 1) await batch(SPRAYED);
    await stack.ask('caughtUp', { tenantId: SPRAYED });
    const drainedSpray = await measure(sprayStarted);
    console.log(
      `one address spraying ${sprayBatches * BATCH} failed logins over ${Math.min(SPRAY_ACCOUNTS, ACCOUNTS)} account(s) within 5 minutes, until caught up: ${rateOf(sprayBatches, drainedSpray)}`,
    );
    // ADR 118: a flood joins one open alert; its stored size must not grow with the flood.
    const { bytes } = await stack.ask('largestAlert', { tenantId: SPRAYED });
    console.log(`  the sprayed tenant's largest alert afterwards: ${(bytes / 1024).toFixed(1)} KB`);
  }

  if (LARGE > 0) {
    // Warm-up: each tenant's account keys and chain head; then the two tenants take turns batch by batch.
    await batch(SIZED.small);
    await batch(SIZED.large);
    // Nothing left over: the consumers' work on the warm-ups, and the one-time pass over the erasures on record
    // (ADR 147), which reads the pre-filled chains once after the stack's first start.
    await stack.ask('caughtUp', { tenantId: SIZED.small });
    await stack.ask('caughtUp', { tenantId: SIZED.large });
    const small = [];
    const large = [];
    for (let i = 0; i < BATCHES; i += 1) {
      small.push(await batch(SIZED.small));
      large.push(await batch(SIZED.large));
    }
    const ratio = sum(large, 'wall') / sum(small, 'wall');
    const cpuRatio = sum(large, 'stack') / sum(small, 'stack');
    console.log(`batches by tenant size (${BATCHES} × ${BATCH} events each, alternating):`);
    console.log(`  tenant with ${SMALL} events: ${rate(small)}`);
    console.log(`  tenant with ${LARGE} events: ${rate(large)}`);
    console.log(
      `  time per batch ${LARGE} vs ${SMALL}: ratio ${ratio.toFixed(2)} (the stack's CPU ratio ${cpuRatio.toFixed(2)})`,
    );
  }
}
