// Benchmark for @vigil/alerts on the whole in-process stack (startStack), from one run:
//   1. latency from recordActivities (ten failed logins, one batch, through the gateway) to alertRaised
//      received by each of SUBSCRIBERS graphql-ws subscribers connected to the gateway: p50 / p99 / max,
//      measured from the mutation's response ("accepted") and from the moment it was sent;
//   2. events/s the detection engine sustains: activity events followed from the activity chain (offset saved
//      per event) into detection (rule windows in MongoDB, alert raise with suppression), and straight into it.
//
// Run from the repo root after building: npx tsc -b stack && node bench/alerts/index.js
// Optional: BENCH_SUBSCRIBERS (default 1000), BENCH_ROUNDS (default 20), BENCH_EVENTS (default 5000).
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ACTIVITY_CHAIN, TOPICS } from '@vigil/core';
import { bruteForceBurst, graphqlCaller, recordMutation, registerAccounts, startBenchStack } from '../support/stack.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000);
const TENANT = 'bench-alerts';

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value) => `${value.toFixed(1)} ms`;

const stack = await startBenchStack();
const clients = [];
try {
  const alerts = stack.subgraphs.get('alerts');
  if (!alerts) throw new Error('The stack has no alerts subgraph (stack/src/subgraphs.ts).');
  if (!stack.subgraphs.get('activity-logs')) throw new Error('The stack has no activity-logs subgraph (recordActivities).');
  const ingestToken = await stack.token({ roles: ['INGEST'], tenants: [TENANT] });
  const wallToken = await stack.token({ roles: ['SECURITY_ANALYST'], tenants: [TENANT] });

  // 1. Latency to SUBSCRIBERS walls.
  const arrivals = new Map(); // alert account → array of arrival times
  let subscribed = 0;
  for (let i = 0; i < SUBSCRIBERS; i += 1) {
    const client = createClient({
      url: stack.gatewayUrl.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${wallToken}` },
    });
    clients.push(client);
    client.subscribe(
      { query: 'subscription { alertRaised(filter: { minSeverity: HIGH }) { id rule account { id } } }' },
      {
        next: (result) => {
          const accountId = result.data?.alertRaised?.account?.id;
          if (!accountId) return;
          const now = performance.now();
          const list = arrivals.get(accountId) ?? [];
          list.push(now);
          arrivals.set(accountId, list);
        },
        error: (error) => console.error('subscriber error', error),
        complete: () => undefined,
      },
    );
    subscribed += 1;
  }
  // Let every subscription reach the alerts subgraph (graphql-ws handshakes, upstream subscribe).
  await new Promise((resolve) => setTimeout(resolve, Math.max(3_000, SUBSCRIBERS * 5)));

  const call = graphqlCaller(stack.gatewayUrl);
  const record = async (accountId) => {
    await call(ingestToken, recordMutation(TENANT), { events: bruteForceBurst(accountId, accountId) });
  };

  const fromAccepted = [];
  const fromSent = [];
  let missing = 0;
  for (let round = 0; round <= ROUNDS; round += 1) {
    const accountId = `bench-${round}-${randomUUID().slice(0, 6)}`;
    await registerAccounts(stack, TENANT, [accountId]); // outside the timing
    const sent = performance.now();
    await record(accountId);
    const accepted = performance.now();
    const deadline = Date.now() + 30_000;
    while ((arrivals.get(accountId)?.length ?? 0) < SUBSCRIBERS && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const got = arrivals.get(accountId) ?? [];
    missing += SUBSCRIBERS - got.length;
    if (round === 0) continue; // warm-up round: plans, indexes, JIT
    for (const at of got) {
      fromAccepted.push(at - accepted);
      fromSent.push(at - sent);
    }
  }
  for (const client of clients.splice(0)) await client.dispose();

  // 2. Detection throughput.
  let n = 0;
  const payload = () => {
    n += 1;
    const kind = n % 10;
    return {
      eventId: `detect-${n}`,
      tenantId: 'bench-detect',
      accountId: `acct-${n % 500}`,
      type: kind < 7 ? 'user.authentication.failed' : kind < 9 ? 'user.session.start' : 'user.mfa.challenge.denied',
      category: 'authentication',
      outcome: kind < 7 || kind === 9 ? 'FAILURE' : 'SUCCESS',
      occurredAt: new Date(Date.now() - 3_600_000 + n * 50).toISOString(),
      actor: { type: 'CUSTOMER' },
      ip: `81.2.${(n >> 8) % 250}.${n % 250}`,
      deviceId: `dev-${n % 700}`,
      geo: { country: n % 3 === 0 ? 'FR' : 'GB', lat: 48.8 + (n % 3), lon: 2.3 - (n % 5) },
    };
  };
  for (let i = 0; i < 200; i += 1) await alerts.server.detection.handle(payload()); // warm-up

  // Detection follows the activity chain (ADR 030): write the events there first (untimed), as activity-logs
  // would, then time one wake-up until detection caught up (reading the chain, saving its offset per event).
  const chainDb = alerts.mongo.connection.useDb(ACTIVITY_CHAIN.dbName, { useCache: true });
  const chained = Array.from({ length: EVENTS }, (_, index) => {
    const { eventId, occurredAt, ...fields } = payload();
    return { ...fields, _id: eventId, sequence: index + 1, occurredAt: new Date(occurredAt), recordedAt: new Date() };
  });
  await chainDb.collection(ACTIVITY_CHAIN.events).insertMany(chained);
  await chainDb
    .collection(ACTIVITY_CHAIN.heads)
    .updateOne({ _id: 'bench-detect' }, { $max: { sequence: EVENTS } }, { upsert: true });
  let started = performance.now();
  await stack.bus.publish(TOPICS.activityRecorded, { tenantId: 'bench-detect' });
  await stack.bus.idle();
  await alerts.server.detection.idle();
  const chainRate = EVENTS / ((performance.now() - started) / 1000);

  started = performance.now();
  for (let i = 0; i < EVENTS; i += 1) await alerts.server.detection.handle(payload());
  const directRate = EVENTS / ((performance.now() - started) / 1000);

  const p50a = percentile(fromAccepted, 50);
  const p99a = percentile(fromAccepted, 99);
  console.log(
    `alerts bench: ${SUBSCRIBERS} graphql-ws subscribers through the gateway (${subscribed} connected), ${ROUNDS} rounds of 10 failed logins`,
  );
  console.log(
    `  recordActivities accepted → alertRaised received: p50 ${ms(p50a)}  p99 ${ms(p99a)}  max ${ms(Math.max(...fromAccepted))}  (p99/p50 ${(p99a / p50a).toFixed(2)})`,
  );
  console.log(
    `  recordActivities sent     → alertRaised received: p50 ${ms(percentile(fromSent, 50))}  p99 ${ms(percentile(fromSent, 99))}`,
  );
  console.log(`  deliveries measured ${fromAccepted.length}, missing ${missing} (of ${(ROUNDS + 1) * SUBSCRIBERS})`);
  console.log(`detection engine: ${EVENTS} events (70% failed logins, 20% successes, 10% MFA denials; 500 accounts)`);
  console.log(`  following the activity chain: ${chainRate.toFixed(0)} events/s`);
  console.log(
    `  straight into the consumer: ${directRate.toFixed(0)} events/s  (chain / direct ${(chainRate / directRate).toFixed(2)})`,
  );
} finally {
  for (const client of clients) await client.dispose();
  await stack.stop();
}
