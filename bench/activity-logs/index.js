// Benchmark for @vigil/activity-logs through the gateway of the whole in-process stack (startStack).
// Prints, from one run:
//   1. events/s ingested with recordActivities in batches of 500, and with single-event calls;
//   2. timeline page latency (50 a page, newest first, first page and 10 pages deep by cursor) for a
//      tenant with 10,000 events vs one with 1,000,000, and the ratio (target: close to 1: keyset
//      pagination on indexes, no skip): the tenant-wide timeline (activityEvents) and one account's
//      timeline (activityEvents with accountId, the query Account.activity runs; 2,000 events in both tenants).
// The 10k / 1M timelines are filled straight into MongoDB (ingestion speed is measured in part 1).
//
// Run from the repo root after building: npx tsc -b stack && node --max-old-space-size=8192 bench/activity-logs/index.js
// Optional: BENCH_LARGE=200000 for a quicker run.
import { fillChain } from '../support/fill.js';
import { accountIds, graphqlCaller, ingestEvents, recordMutation, registerAccounts, startBenchStack } from '../support/stack.js';

const BATCH = 500;
const BATCHES = 20;
const SINGLES = 300;
const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const PAGE = 50;
const DEEP_PAGES = 10;
const REPEATS = 10;
const ACCOUNT_EVENTS = 2_000;

const stack = await startBenchStack();
try {
  const accounts = accountIds(200);
  await registerAccounts(stack, 'bench-ingest', accounts);
  const ingestToken = await stack.token({ roles: ['INGEST'], tenants: ['bench-ingest'] });
  const readerToken = await stack.token({ roles: ['SECURITY_ANALYST'], tenants: ['bench-small', 'bench-large'] });
  const call = graphqlCaller(stack.gatewayUrl);

  // 1. Ingestion through the gateway.
  const RECORD = recordMutation('bench-ingest');
  const event = ingestEvents(accounts);
  await call(ingestToken, RECORD, { events: [event()] }); // warm-up: plans, indexes, JIT
  let started = performance.now();
  for (let i = 0; i < BATCHES; i += 1) await call(ingestToken, RECORD, { events: Array.from({ length: BATCH }, event) });
  const batchedRate = (BATCH * BATCHES) / ((performance.now() - started) / 1000);
  started = performance.now();
  for (let i = 0; i < SINGLES; i += 1) await call(ingestToken, RECORD, { events: [event()] });
  const singleRate = SINGLES / ((performance.now() - started) / 1000);
  console.log(
    `ingest through the gateway: ${batchedRate.toFixed(0)} events/s in batches of ${BATCH} (${BATCH * BATCHES} events), ${singleRate.toFixed(0)} events/s one per call (${SINGLES} calls); batching x${(batchedRate / singleRate).toFixed(1)}`,
  );

  // 2. Timeline latency, 10k vs 1M events.
  // One reviewed account with the same 2,000 events in both tenants; the rest spread over 1,000 others.
  const accountOf = (count) => (i) => (i % (count / ACCOUNT_EVENTS) === 0 ? 'acct-reviewed' : `acct-${i % 1000}`);
  const fill = (tenantId, count) =>
    fillChain(stack.subgraphs.get('activity-logs').mongo.connection, tenantId, count, accountOf(count));
  started = performance.now();
  await fill('bench-small', SMALL);
  await fill('bench-large', LARGE);
  console.log(`filled ${SMALL} + ${LARGE} events in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  const TENANT_PAGE = `query ($tenantId: ID!, $after: String) { page: activityEvents(tenantId: $tenantId, first: ${PAGE}, after: $after) { edges { node { id occurredAt } } pageInfo { hasNextPage endCursor } } }`;
  const ACCOUNT_PAGE = `query ($tenantId: ID!, $after: String) { page: activityEvents(tenantId: $tenantId, accountId: "acct-reviewed", first: ${PAGE}, after: $after) { edges { node { id occurredAt } } pageInfo { hasNextPage endCursor } } }`;
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const pageOf = (data) => data.page;
  const measure = async (query, variables, token) => {
    const first = [];
    const deep = [];
    for (let r = 0; r < REPEATS; r += 1) {
      let t = performance.now();
      let data = await call(token, query, variables);
      first.push(performance.now() - t);
      for (let page = 1; page < DEEP_PAGES; page += 1)
        data = await call(token, query, { ...variables, after: pageOf(data).pageInfo.endCursor });
      t = performance.now();
      data = await call(token, query, { ...variables, after: pageOf(data).pageInfo.endCursor });
      deep.push(performance.now() - t);
      if (pageOf(data).edges.length !== PAGE) throw new Error(`page ${DEEP_PAGES + 1} was short`);
    }
    return { first: median(first), deep: median(deep) };
  };
  const report = (label, small, large) =>
    console.log(
      `${label} (${PAGE} a page) median of ${REPEATS}: first page ${small.first.toFixed(1)} ms at ${SMALL} events vs ${large.first.toFixed(1)} ms at ${LARGE} (ratio ${(large.first / small.first).toFixed(2)}); page ${DEEP_PAGES + 1} by cursor ${small.deep.toFixed(1)} vs ${large.deep.toFixed(1)} ms (ratio ${(large.deep / small.deep).toFixed(2)})`,
    );

  const smallReader = await stack.token({ roles: ['SECURITY_ANALYST'], tenants: ['bench-small'] });
  const largeReader = await stack.token({ roles: ['SECURITY_ANALYST'], tenants: ['bench-large'] });
  await measure(ACCOUNT_PAGE, { tenantId: 'bench-small' }, smallReader); // warm-up
  report(
    'account timeline',
    await measure(ACCOUNT_PAGE, { tenantId: 'bench-small' }, smallReader),
    await measure(ACCOUNT_PAGE, { tenantId: 'bench-large' }, largeReader),
  );
  report(
    'tenant timeline',
    await measure(TENANT_PAGE, { tenantId: 'bench-small' }, readerToken),
    await measure(TENANT_PAGE, { tenantId: 'bench-large' }, readerToken),
  );
} finally {
  await stack.stop();
}
