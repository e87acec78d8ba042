// Live walls benchmark (issue 13, ADR 100), from one run:
//   N graphql-ws walls subscribed to alertRaised through the gateway, in their own process; R rounds, each records
//   ten failed logins for a fresh account (recordActivities through the gateway, one call) that raise a brute-force
//   alert; prints, over all rounds but the warm-up, the time from sending the mutation to each wall receiving the
//   alert (p50 / p90 / p99 / max), how many walls connected from the burst, and how many deliveries are missing.
//
// The stack (gateway + four subgraphs) runs in one process pinned to CPU 0; MongoDB (the embedded server as a
// server of its own, bench/support/mongo-server.js, ADR 164) in another on the last CPU; the subscribers in
// --subscriber-processes others, pinned to the CPUs the stack does not use (taskset, when there are 2 CPUs or more;
// ADR 108); this process sends the mutations. Needs a build.
//
//   node bench/walls/index.js [--walls 10000] [--rounds 10] [--sharing roles-and-tenants|caller|off]
//                             [--subscriber-processes N]   # default: one per CPU the stack does not use
//                             [--mongo server|in-process]   # in-process: the embedded server inside the stack
//   WALLS_TRACE=1 node bench/walls/index.js --walls 100      # also prints the latency budget of one alert (ADR 108)
//   REDIS_URL=redis://127.0.0.1:6379 node bench/walls/index.js --gateways 2   # two gateway processes, half each
//
// Rate limits are lifted for the run (GATEWAY_RATE_LIMIT_*): the burst is one address and a few subjects.
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startMongoServer } from '../support/mongo-server.js';
import { bruteForceBurst, graphqlCaller, UNLIMITED_RATE_LIMITS } from '../support/stack.js';
import { ask, pinned, startChild, stopChild, subscriberCpu, subscriberCpuCount } from './processes.js';
import { printBudget } from './budget.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    walls: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '10' },
    gateways: { type: 'string', default: '1' },
    sharing: { type: 'string', default: 'roles-and-tenants' },
    'subscriber-processes': { type: 'string', default: String(subscriberCpuCount) },
    mongo: { type: 'string', default: process.env.BENCH_MONGO ?? 'server' },
  },
});
if (values.mongo !== 'server' && values.mongo !== 'in-process') throw new Error('--mongo is server or in-process.');
const WALLS = Number(values.walls);
const ROUNDS = Number(values.rounds);
const GATEWAYS = Number(values.gateways);
if (GATEWAYS !== 1 && GATEWAYS !== 2) throw new Error('--gateways is 1 or 2.');
// At least one per gateway: each subscriber process connects its walls to one gateway.
const SUBSCRIBER_PROCESSES = Math.max(GATEWAYS, Number(values['subscriber-processes']));
if (!Number.isInteger(SUBSCRIBER_PROCESSES)) throw new Error('--subscriber-processes is a whole number.');
if (GATEWAYS === 2 && !process.env.REDIS_URL)
  throw new Error('--gateways 2 needs REDIS_URL (events and PubSub across processes).');
const TENANT = 'demo';
const QUERY = 'subscription { alertRaised(filter: { minSeverity: HIGH }) { id rule severity account { id displayName } } }';
const ENV = {
  ...UNLIMITED_RATE_LIMITS,
  GATEWAY_SHARED_SUBSCRIPTIONS: values.sharing,
  WALLS_TENANT: TENANT,
  ...(process.env.REDIS_URL ? { REDIS_KEY_PREFIX: `walls-bench-${process.pid}:` } : {}),
};
const now = () => performance.timeOrigin + performance.now();
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (value) => `${value.toFixed(1)} ms`;

const children = [];
let mongo; // --mongo server: the MongoDB server's process
try {
  if (values.mongo === 'server') mongo = await startMongoServer(availableParallelism() - 1);
  const stack = await startChild(join(here, 'stack.js'), 0, mongo ? { ...ENV, MONGODB_URI: mongo.uri } : ENV);
  children.push(stack.child);
  const { tokens } = stack.ready;
  const gateways = [{ child: stack.child, url: stack.ready.gatewayUrl }];
  if (GATEWAYS === 2) {
    const second = await startChild(join(here, 'gateway.js'), 0, {
      ...ENV,
      WALLS_SUBGRAPHS: JSON.stringify(stack.ready.subgraphs),
    });
    children.push(second.child);
    gateways.push({ child: second.child, url: second.ready.gatewayUrl });
  }
  const graphql = graphqlCaller(stack.ready.gatewayUrl);

  // The burst: every wall at once, spread evenly over the subscriber processes (process k → gateway k mod GATEWAYS,
  // CPU subscriberCpu(k)), so no wall waits behind more than its share of the reading.
  const subscribers = [];
  let firstWall = 0;
  for (let index = 0; index < SUBSCRIBER_PROCESSES; index += 1) {
    const count = Math.floor(WALLS / SUBSCRIBER_PROCESSES) + (index < WALLS % SUBSCRIBER_PROCESSES ? 1 : 0);
    const gateway = index % GATEWAYS;
    const started = await startChild(join(here, 'walls.js'), subscriberCpu(index), {
      WALLS_URL: gateways[gateway].url,
      WALLS_COUNT: String(count),
      WALLS_FIRST: String(firstWall),
      WALLS_TOKENS: JSON.stringify(tokens.walls),
      WALLS_QUERY: QUERY,
    });
    firstWall += count;
    children.push(started.child);
    subscribers.push({ child: started.child, count, gateway });
  }
  const bursts = await Promise.all(subscribers.map(({ child }) => ask(child, { type: 'connected' }, 'connected')));
  const connected = bursts.reduce((sum, burst) => sum + burst.connected, 0);
  // The stack's own gateway serves the walls of the subscriber processes connected to it.
  const stackGatewayWalls = bursts.reduce(
    (sum, burst, index) => sum + (subscribers[index].gateway === 0 ? burst.connected : 0),
    0,
  );
  const cpus = [...new Set(subscribers.map((_, index) => subscriberCpu(index)))].join(',');
  console.log(
    `walls: ${connected}/${WALLS} connected from the burst (${bursts.map((b) => `${b.connected} in ${(b.burstMs / 1000).toFixed(1)} s`).join(', ')}), ` +
      `${GATEWAYS} gateway process(es), ${SUBSCRIBER_PROCESSES} subscriber process(es), sharing ${values.sharing}, ` +
      `CPUs pinned: ${pinned ? `stack 0, subscribers ${cpus}` : 'no'}; ` +
      `MongoDB ${mongo ? `in its own process${mongo.cpu === undefined ? '' : ` on CPU ${mongo.cpu}`}` : "inside the stack's process"}`,
  );
  const closes = bursts.map((burst) => JSON.stringify(burst.closeCodes)).join(' ');
  console.log(`  connection attempts that ended before connecting, by close code or error (per subscriber process): ${closes}`);
  // Every connected wall's subscription has joined (or opened) its upstream before the first round.
  const shared = async () => Promise.all(gateways.map(({ child }) => ask(child, { type: 'shared' }, 'shared')));
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    const counts = await shared();
    if (values.sharing === 'off' || counts.reduce((sum, c) => sum + c.members, 0) >= connected) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const CREATED = `query ($accountId: ID!) { activityEvents(tenantId: "${TENANT}", accountId: $accountId, first: 1, filter: { typePrefix: "agent.action.account.created" }) { edges { node { id } } } }`;
  const waitForCreatedRecord = async (accountId) => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const { activityEvents } = await graphql(tokens.auditor, CREATED, { accountId });
      if (activityEvents.edges.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the created record of account ${accountId} did not reach the timeline in 30 s`);
  };
  const RECORD = `mutation ($events: [ActivityEventInput!]!) { recordActivities(tenantId: "${TENANT}", events: $events) { recordedCount } }`;
  const CREATE = 'mutation ($input: CreateAccountInput!) { createAccount(input: $input) { id } }';
  const fromSent = [];
  const fromAccepted = [];
  const firsts = []; // per round: mutation sent → first wall (the detection pipeline)
  const spreads = []; // per round: first wall → last wall (the fan-out)
  const serverFirsts = []; // per round: mutation sent → the stack's gateway wrote the first frame
  const serverSpreads = []; // per round: the stack's gateway's first frame → its last
  const serverCpus = []; // per round: the stack process's CPU time from its first frame to its last
  const subscriberCpus = []; // per round: the subscriber processes' CPU time (reading the round's messages)
  const cpuToFirst = []; // per round: the stack process's CPU from the mutation sent to its first frame
  let mongoCpuMs = 0; // --mongo server: the MongoDB server's CPU, mutation sent → the round's walls flushed
  const traces = []; // per round (WALLS_TRACE=1): the stack's marks, ms from the mutation sent
  let missing = 0;
  for (let round = 0; round <= ROUNDS; round += 1) {
    const tag = randomUUID().slice(0, 8);
    // Outside the timing: the account the alert is about (activity is recorded only for known accounts).
    const { createAccount } = await graphql(tokens.admin, CREATE, {
      input: { tenantId: TENANT, displayName: `Wall bench ${tag}`, email: `walls-${tag}@example.com` },
    });
    const accountId = createAccount.id;
    // Still outside the timing: creating the account queues its staff-action record (agent.action.account.created),
    // which accounts relays and activity-logs appends to the chain a moment later, followed by every chain consumer.
    // That is the setup's work, not the alert's: wait until the record is in the timeline, the bus is idle and the
    // stack's CPU is quiet (the previous round's deferred bookkeeping done, ADR 154), so the timed path holds only
    // the ten failed logins.
    await waitForCreatedRecord(accountId);
    await ask(stack.child, { type: 'idle' }, 'idle');
    const events = bruteForceBurst(accountId, `walls-${tag}`);
    const complete = new Set();
    const allComplete = new Promise((resolve) => {
      for (const { child } of subscribers) {
        const onMessage = (message) => {
          if (message?.type !== 'round-complete' || message.accountId !== accountId) return;
          child.off('message', onMessage);
          complete.add(child);
          if (complete.size === subscribers.length) resolve();
        };
        child.on('message', onMessage);
      }
    });
    // Resets the stack's write marks (and trace).
    await ask(stack.child, { type: 'writes', expected: stackGatewayWalls }, 'writes');
    const mongoCpuAtSent = mongo?.cpuMs();
    const sent = now();
    await graphql(tokens.ingest, RECORD, { events });
    const accepted = now();
    await Promise.race([allComplete, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    const flushed = await Promise.all(subscribers.map(({ child }) => ask(child, { type: 'flush', accountId }, 'flushed')));
    const times = flushed.flatMap((f) => f.times);
    const written = await ask(stack.child, { type: 'writes' }, 'writes');
    if (round === 0) continue; // warm-up: plans, indexes, JIT, upstream subscriptions settling
    if (mongo) mongoCpuMs += mongo.cpuMs() - mongoCpuAtSent;
    if (written.trace) traces.push(written.trace.map(({ label, at }) => ({ label, ms: at - sent })));
    missing += connected - times.length;
    subscriberCpus.push(flushed.reduce((sum, f) => sum + f.cpuMs, 0));
    if (times.length > 0) {
      firsts.push(Math.min(...times) - sent);
      spreads.push(Math.max(...times) - Math.min(...times));
    }
    if (written.count > 0) {
      serverFirsts.push(written.first - sent);
      serverSpreads.push(written.last - written.first);
      if (written.cpuMs !== undefined) serverCpus.push(written.cpuMs);
      if (written.cpuToFirstMs !== undefined) cpuToFirst.push(written.cpuToFirstMs);
    }
    for (const at of times) {
      fromSent.push(at - sent);
      fromAccepted.push(at - accepted);
    }
  }
  fromSent.sort((a, b) => a - b);
  fromAccepted.sort((a, b) => a - b);
  firsts.sort((a, b) => a - b);
  spreads.sort((a, b) => a - b);
  serverFirsts.sort((a, b) => a - b);
  serverSpreads.sort((a, b) => a - b);
  serverCpus.sort((a, b) => a - b);
  subscriberCpus.sort((a, b) => a - b);
  const counts = await shared();
  console.log(
    `alert latency, mutation sent → wall received, ${ROUNDS} rounds × ${connected} walls (${fromSent.length} deliveries): ` +
      `p50 ${ms(percentile(fromSent, 50))}, p90 ${ms(percentile(fromSent, 90))}, p99 ${ms(percentile(fromSent, 99))}, max ${ms(fromSent.at(-1) ?? NaN)}`,
  );
  console.log(
    `  from the mutation's response: p50 ${ms(percentile(fromAccepted, 50))}, p99 ${ms(percentile(fromAccepted, 99))}; ` +
      `missing deliveries: ${missing}; upstream executions: ${counts.map((c) => c.upstreams).join(' + ')} for ${counts.map((c) => c.members).join(' + ')} walls`,
  );
  console.log(
    `  per round (median of ${firsts.length}): mutation sent → first wall ${ms(percentile(firsts, 50))}, ` +
      `first → last wall (fan-out) ${ms(percentile(spreads, 50))}; ` +
      `in the stack's gateway: sent → first frame written ${ms(percentile(serverFirsts, 50))}, first → last frame written ${ms(percentile(serverSpreads, 50))} ` +
      `(CPU ${ms(percentile(serverCpus, 50))}); subscriber processes' CPU per round ${ms(percentile(subscriberCpus, 50))}`,
  );
  cpuToFirst.sort((a, b) => a - b);
  console.log(
    `  the stack process's CPU from the mutation sent to its gateway's first frame: ${ms(percentile(cpuToFirst, 50))} (median)` +
      (mongo ? `; the MongoDB server's CPU per round (mutation sent → walls flushed, mean): ${ms(mongoCpuMs / ROUNDS)}` : ''),
  );
  if (traces.length > 0) printBudget(traces, percentile(firsts, 50));
} finally {
  await Promise.all(children.reverse().map((child) => stopChild(child)));
  await mongo?.stop();
  if (process.env.REDIS_URL) await removeKeys(process.env.REDIS_URL, ENV.REDIS_KEY_PREFIX);
}

/** The run's streams and counters in the shared Redis (its own key prefix) are removed afterwards. */
async function removeKeys(url, prefix) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
