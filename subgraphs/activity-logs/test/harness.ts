import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  InMemoryEventBus,
  TOPICS,
  type SubgraphCallResult,
  type ActivityAppendedPayload,
  type BusMessage,
  type Identity,
  type Role,
  type TenantReferences,
} from '@vigil/core';
import { ACTIVITY_LOGS_DB_NAME, createActivityLogsSubgraph, type ActivityLogsSubgraph } from '@vigil/activity-logs';
import { identityOf, startTestSubgraph } from '@vigil/testing';

/** What a call to the subgraph answers. */
export type GraphQLResponse<TData = Record<string, unknown>> = SubgraphCallResult<TData>;

/** Most tests here are not about accounts: every account id counts as the tenant's (tenant-references.test.ts seeds real ones). */
export const ANY_ACCOUNT: TenantReferences = { ownedBy: async (_tenantId, ids) => new Set(ids) };

/**
 * The activity-logs subgraph on a real embedded MongoDB and a real HTTP port, with a recording bus consumer.
 * `separateMongo`: run the embedded server in a child process, so this process's memory is the service's alone.
 */

export async function startActivityLogs(options: { separateMongo?: boolean; realAccounts?: boolean } = {}) {
  const published: BusMessage<ActivityAppendedPayload>[] = [];
  const started = await startTestSubgraph<ActivityLogsSubgraph>({
    name: 'activity-logs',
    dbName: ACTIVITY_LOGS_DB_NAME,
    ...(options.separateMongo ? { mongo: startMongoProcess } : {}),
    bus: async (logger) => {
      const bus = new InMemoryEventBus(logger);
      await bus.subscribe<ActivityAppendedPayload>(TOPICS.activityRecorded, 'test-observer', async (message) => {
        published.push(message);
      });
      return bus;
    },
    start: (deps) =>
      createActivityLogsSubgraph(deps, {
        env: { ACTIVITY_PURGE_INTERVAL_SECONDS: '0' },
        ...(options.realAccounts ? {} : { accounts: ANY_ACCOUNT }),
      }),
  });
  return {
    ...started,
    /** The `activity.recorded` messages: one per committed batch. */
    published,
    /** The chain positions of `tenantId` announced on the bus so far, in message order (one per event). */
    announced: (tenantId: string) =>
      published
        .map((message) => message.payload)
        .filter((payload) => payload.tenantId === tenantId)
        .flatMap(({ fromSequence, toSequence }) =>
          Array.from({ length: toSequence - fromSequence + 1 }, (_, i) => fromSequence + i),
        ),
    subgraph: started.server,
    events: () => started.db.connection.collection('activity_events'),
  };
}

/** The embedded server's CLI (built dist) in a child process; stopped with SIGTERM to that pid only. */
async function startMongoProcess(): Promise<{ uri: string; stop(): Promise<void> }> {
  const cli = fileURLToPath(new URL('../../../shared/embedded-mongo/dist/cli.js', import.meta.url));
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the embedded server first (npx tsc -b shared/embedded-mongo).`);
  const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening: (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`vigil-mongo exited with ${code}`)));
  });
  return {
    uri,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export type Harness = Awaited<ReturnType<typeof startActivityLogs>>;

export function as(roles: Role[], tenantIds: string[] = ['t1'], subject = 'tester'): Identity {
  return identityOf(roles, tenantIds, subject);
}

export const RECORD = `mutation Record($tenantId: ID!, $events: [ActivityEventInput!]!) {
  recordActivities(tenantId: $tenantId, events: $events) {
    recordedCount duplicateCount
    events { id sequence hash type category outcome accountId ip geo { country city } device { browser os type } firstSeenDevice firstSeenCountry }
  }
}`;

export const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

let clock = Date.parse('2026-01-10T00:00:00Z');
/** Strictly increasing past instants, so timeline order is predictable. */
export function nextInstant(): string {
  clock += 1000;
  return new Date(clock).toISOString();
}

// A type, not an interface: callers pass it where any record of fields is taken.
type FailedLogin = {
  accountId: string;
  type: string;
  occurredAt: string;
  ip: string;
  userAgent: string;
};

/** A failed login of the account, with the fields `overrides` names replaced or added (typed as given). */
export function failedLogin(accountId: string): FailedLogin;
export function failedLogin<Overrides extends Record<string, unknown>>(
  accountId: string,
  overrides: Overrides,
): FailedLogin & Overrides;
export function failedLogin(accountId: string, overrides: Record<string, unknown> = {}): FailedLogin {
  const login: FailedLogin = {
    accountId,
    type: 'user.authentication.failed',
    occurredAt: nextInstant(),
    ip: '81.2.69.142',
    userAgent: CHROME,
  };
  return Object.assign(login, overrides);
}
