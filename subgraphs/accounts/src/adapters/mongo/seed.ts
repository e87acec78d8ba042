import type { Connection } from 'mongoose';
import type { AccountStatus } from '../../domain/vocabulary.js';
import { createAccountsModels } from './models.js';

/** Fixed ids so `npm start` can print tokens whose `sub` matches a seeded agent, and tests can refer to them. */
export const DEMO_SEED = {
  tenants: { demo: 'demo', acme: 'acme' },
  accounts: {
    jordan: 'acc-demo-jordan-rivera',
    priya: 'acc-demo-priya-natarajan',
    sam: 'acc-demo-sam-okafor',
    alex: 'acc-acme-alex-chen',
  },
  agents: {
    admin: 'agent-admin',
    supervisor: 'agent-supervisor',
    agent: 'agent-floor-1',
    analyst: 'agent-analyst',
    auditor: 'agent-auditor',
    acmeAgent: 'agent-acme-1',
  },
} as const;

const day = 24 * 60 * 60 * 1000;

/**
 * Idempotent demo data (inserted by fixed id when missing, never overwritten): tenants `demo` and `acme`, a few accounts (Jordan Rivera,
 * jordan.rivera@example.com, +15555550123 among them) and one agent per role.
 */
export async function seedDemoTenant(connection: Connection): Promise<void> {
  const { Tenant, Account, Agent } = createAccountsModels(connection);
  const now = Date.now();
  const { tenants, accounts, agents } = DEMO_SEED;

  await Tenant.bulkWrite(
    [
      {
        _id: tenants.demo,
        name: 'Demo Bank',
        settings: { timezone: 'America/New_York', locale: 'en-US', supportHours: '08:00-20:00', lockoutThreshold: 5 },
      },
      {
        _id: tenants.acme,
        name: 'Acme Telecom',
        settings: { timezone: 'Europe/Berlin', locale: 'de-DE', supportHours: '09:00-18:00', lockoutThreshold: 10 },
      },
    ].map(upsertById),
  );

  const account = (
    id: string,
    tenantId: string,
    displayName: string,
    email: string,
    phone: string,
    status: AccountStatus = 'ACTIVE',
  ) => ({
    _id: id,
    tenantId,
    displayName,
    email,
    phone,
    status,
    riskScore: 0,
    mfaFactors: [{ id: `${id}-totp`, type: 'TOTP', label: 'Authenticator app', addedAt: new Date(now - 90 * day) }],
    knownDevices: [
      {
        deviceId: `${id}-laptop`,
        label: 'Laptop · Chrome',
        userAgent: 'Mozilla/5.0 (Macintosh) Chrome/124',
        firstSeenAt: new Date(now - 90 * day),
        lastSeenAt: new Date(now - day),
        trusted: true,
      },
    ],
    contactChannels: [
      { type: 'EMAIL', address: email, verified: true, alertsOptedOut: false },
      { type: 'SMS', address: phone, verified: true, alertsOptedOut: false },
      { type: 'PUSH', address: `push:${id}`, verified: true, alertsOptedOut: true },
    ],
  });
  await Account.bulkWrite(
    [
      account(accounts.jordan, tenants.demo, 'Jordan Rivera', 'jordan.rivera@example.com', '+15555550123'),
      account(accounts.priya, tenants.demo, 'Priya Natarajan', 'priya.natarajan@example.com', '+15555550145'),
      account(accounts.sam, tenants.demo, 'Sam Okafor', 'sam.okafor@example.com', '+15555550177', 'LOCKED'),
      account(accounts.alex, tenants.acme, 'Alex Chen', 'alex.chen@example.org', '+4915155550199'),
    ].map(upsertById),
  );

  const agent = (id: string, displayName: string, roles: string[], tenantIds: string[]) => ({
    _id: id,
    displayName,
    email: `${id}@vigil.example`,
    roles,
    tenantIds,
    availability: 'AVAILABLE',
  });
  await Agent.bulkWrite(
    [
      agent(agents.admin, 'Avery Admin', ['ADMIN'], [tenants.demo, tenants.acme]),
      agent(agents.supervisor, 'Sasha Supervisor', ['SUPERVISOR'], [tenants.demo]),
      agent(agents.agent, 'Fran Floor', ['AGENT'], [tenants.demo]),
      agent(agents.analyst, 'Ana Analyst', ['SECURITY_ANALYST'], [tenants.demo]),
      agent(agents.auditor, 'Aud Auditor', ['AUDITOR'], [tenants.demo]),
      agent(agents.acmeAgent, 'Kai Acme', ['AGENT'], [tenants.acme]),
    ].map(upsertById),
  );
}

/**
 * Inserts the document when its `_id` is absent and leaves it alone otherwise: what a user changed in the demo data
 * survives a restart (`npm start` keeps `.data/` across restarts).
 */
function upsertById<T extends { _id: string }>({ _id, ...fields }: T) {
  return { updateOne: { filter: { _id }, update: { $setOnInsert: fields }, upsert: true } };
}
