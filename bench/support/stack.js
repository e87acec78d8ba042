// What the benchmarks that drive the in-process stack share: starting it for a bench, registering the accounts
// activity is recorded for, calling the gateway, and the ingest event stream.
import { OWNED_ENTITIES } from '@vigil/core';
import { startStack } from '@vigil/stack';

/** A benchmark is a deliberate flood from one token and one address: the gateway's rate limits would measure themselves. */
export const UNLIMITED_RATE_LIMITS = {
  GATEWAY_RATE_LIMIT_PER_IP: '1000000000',
  GATEWAY_RATE_LIMIT_PER_SUBJECT: '1000000000',
  GATEWAY_RATE_LIMIT_PER_TENANT: '1000000000',
};

/** The environment a bench stack runs with: silent, in-memory MongoDB, no rate limits, then `env`. */
export const benchStackEnv = (env = {}) => ({
  ...process.env,
  LOG_LEVEL: 'silent',
  MONGO_DATA_DIR: '',
  ...UNLIMITED_RATE_LIMITS,
  ...env,
});

/** The whole stack in this process: ephemeral ports, no demo seed, benchStackEnv(env); `monitorCommands` for counts. */
export function startBenchStack(env = {}, { monitorCommands = false } = {}) {
  return startStack({ ports: 'ephemeral', seed: false, env: benchStackEnv(env), monitorCommands });
}

/**
 * Activity is recorded only for accounts the accounts subgraph knows (ADR 040): writes them straight into its
 * collection, each with the e-mail the unique (tenantId, email) index requires.
 */
export async function registerAccounts(stack, tenantId, accountIds) {
  const any = stack.subgraphs.values().next().value;
  await any.mongo.connection
    .useDb(OWNED_ENTITIES.account.dbName)
    .collection(OWNED_ENTITIES.account.collection)
    .insertMany(accountIds.map((id) => ({ _id: id, tenantId, email: `${id}@${tenantId}.bench.example` })));
}

/** `call(token, query, variables)` against a GraphQL endpoint: the `data`, or throws with the errors. */
export function graphqlCaller(url) {
  return async (token, query, variables) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
}

/** The recordActivities mutation for one tenant, answering the recorded count. */
export const recordMutation = (tenantId) =>
  `mutation ($events: [ActivityEventInput!]!) { recordActivities(tenantId: "${tenantId}", events: $events) { recordedCount } }`;

/**
 * An endless stream of ingest events over `accounts` (ids): failed logins and session starts from a few hundred
 * addresses and one browser, each with its own idempotency key (`prefix` keeps streams apart).
 */
export function ingestEvents(accounts, prefix = 'bench') {
  let n = 0;
  return () => {
    n += 1;
    return {
      accountId: accounts[n % accounts.length],
      type: n % 5 === 0 ? 'user.session.start' : 'user.authentication.failed',
      occurredAt: new Date(Date.now() - 60_000 + n).toISOString(),
      ip: `81.2.69.${n % 250}`,
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      idempotencyKey: `${prefix}-${n}`,
    };
  };
}

/** `count` account ids (`<prefix>-0` …); account ids are unique across tenants, so each tenant needs its own prefix. */
export const accountIds = (count, prefix = 'acct') => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

/**
 * One address spraying: failed logins over `accounts` in turn, all from 198.51.100.99, `count` of them spread over
 * four minutes of event time (one five-minute window holds them all), each with its own idempotency key.
 */
export function sprayEvents(accounts, count, prefix = 'spray') {
  const base = Date.now() - 10 * 60_000;
  let n = 0;
  return () => {
    n += 1;
    return {
      accountId: accounts[n % accounts.length],
      type: 'user.authentication.failed',
      occurredAt: new Date(base + Math.floor((n * 240_000) / count)).toISOString(),
      ip: '198.51.100.99',
      idempotencyKey: `${prefix}-${n}`,
    };
  };
}

/** Ten failed logins on one account from one address, a second apart a minute ago: one brute-force alert. */
export const bruteForceBurst = (accountId, keyPrefix) => {
  const base = Date.now() - 60_000;
  return Array.from({ length: 10 }, (_, i) => ({
    accountId,
    type: 'user.authentication.failed',
    occurredAt: new Date(base + i * 1_000).toISOString(),
    ip: '81.2.69.160',
    idempotencyKey: `${keyPrefix}-${i}`,
  }));
};
