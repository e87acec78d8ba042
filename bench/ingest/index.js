// Ingestion through the gateway, per call and in batches, against the whole in-process stack (startStack).
// Prints, from one run:
//   1. one event per recordActivities call: latency through the gateway vs the same call sent straight to the
//      activity-logs subgraph (signed like the gateway signs it), and the difference: the gateway's overhead;
//   2. events/s through the gateway in batches of 500 (hash chain, signed heads and everything included).
// Run from the repo root after building: node bench/ingest/index.js   (or npm run bench -- ingest)
// Knobs: BENCH_SINGLES (calls per path, default 300), BENCH_BATCHES (default 20), BENCH_BATCH (default 500),
// BENCH_PROFILE=<file.cpuprofile> (CPU profiles of the one-event phase, and of the batches in
// <file>.batches.cpuprofile, for DevTools).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { OWNED_ENTITIES, callSubgraph } from '@vigil/core';
import { startStack } from '@vigil/stack';

const SINGLES = Number(process.env.BENCH_SINGLES ?? 300);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const TENANT = 'bench-ingest';
const ACCOUNTS = 200;
// A benchmark is a deliberate flood from one token: the gateway's rate limits would measure themselves.
const UNLIMITED = {
  GATEWAY_RATE_LIMIT_PER_IP: '1000000000',
  GATEWAY_RATE_LIMIT_PER_SUBJECT: '1000000000',
  GATEWAY_RATE_LIMIT_PER_TENANT: '1000000000',
};
const RECORD = `mutation ($events: [ActivityEventInput!]!) { recordActivities(tenantId: "${TENANT}", events: $events) { recordedCount } }`;

const stack = await startStack({
  ports: 'ephemeral',
  seed: false,
  env: { ...process.env, LOG_LEVEL: 'silent', MONGO_DATA_DIR: '', ...UNLIMITED },
});
try {
  const activity = stack.subgraphs.get('activity-logs');
  if (!activity) throw new Error('The stack has no activity-logs subgraph (stack/src/subgraphs.ts).');
  // Activity is recorded only for accounts the accounts subgraph knows (ADR 040): register the ingested ones.
  await activity.mongo.connection
    .useDb(OWNED_ENTITIES.account.dbName)
    .collection(OWNED_ENTITIES.account.collection)
    .insertMany(
      Array.from({ length: ACCOUNTS }, (_, i) => ({ _id: `acct-${i}`, tenantId: TENANT, email: `acct-${i}@bench.example` })),
    );
  const token = await stack.token({ roles: ['INGEST'], tenants: [TENANT] });
  const identity = {
    subject: 'bench-ingest',
    roles: ['INGEST'],
    tenantIds: [TENANT],
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  };

  let n = 0;
  const event = () => {
    n += 1;
    return {
      accountId: `acct-${n % ACCOUNTS}`,
      type: n % 5 === 0 ? 'user.session.start' : 'user.authentication.failed',
      occurredAt: new Date(Date.now() - 60_000 + n).toISOString(),
      ip: `81.2.69.${n % 250}`,
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      idempotencyKey: `bench-${n}`,
    };
  };
  const viaGateway = async (events) => {
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: RECORD, variables: { events } }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data.recordActivities.recordedCount;
  };
  const direct = async (events) => {
    const result = await callSubgraph(
      activity.url,
      { query: RECORD, variables: { events } },
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

  await viaGateway(Array.from({ length: BATCH }, event)); // warm-up at batch size
  profiler = await startProfile();
  const started = performance.now();
  for (let i = 0; i < BATCHES; i += 1) {
    if ((await viaGateway(Array.from({ length: BATCH }, event))) !== BATCH) throw new Error('batch not fully recorded');
  }
  const seconds = (performance.now() - started) / 1000;
  await stopProfile(profiler, process.env.BENCH_PROFILE?.replace(/(\.cpuprofile)?$/, '.batches.cpuprofile'));
  console.log(
    `batches through the gateway: ${((BATCH * BATCHES) / seconds).toFixed(0)} events/s (${BATCHES} × ${BATCH} events in ${seconds.toFixed(1)} s, one call at a time)`,
  );
} finally {
  await stack.stop();
}

/** With BENCH_PROFILE, a V8 CPU profile of this process (gateway and subgraphs alike) from now on. */
async function startProfile() {
  if (!process.env.BENCH_PROFILE) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session, file) {
  if (!session) return;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}
