/**
 * Administrator actions that change access or detection — who may act (agents' roles and tenants), how accounts
 * lock, what raises an alert (rule modes, thresholds, IP allowlists), where alerts go (webhooks), how recovery is
 * verified — are published on the bus and appended by activity-logs to the tenant's tamper-evident chain as
 * `system.admin.<action>` events (Vigil-written: clients cannot record them). The summary says what changed, never
 * a secret or a customer's personal data: role names, rule ids, modes, numbers, CIDR counts, URL hosts.
 */
import { randomUUID } from 'node:crypto';
import type { Identity } from '../auth/identity.js';
import { ADMIN_ACTIONS, type AdminAction } from '../taxonomy/admin-actions.js';
import type { EventBus } from './event-bus.js';
import { TOPICS } from './topics.js';

/** A flat summary value, as activity metadata accepts it. */
export type AdminSummaryValue = string | number | boolean | null | readonly (string | number | boolean)[];
export type AdminSummary = Readonly<Record<string, AdminSummaryValue>>;

export interface AdminActionPayload {
  /** Stable id of the action: the dedupe key in the activity chain. */
  readonly actionId: string;
  readonly tenantId: string;
  /** Who did it: the caller's token subject. */
  readonly actorId: string;
  /** One of ADMIN_ACTIONS: the event type is `system.admin.<action>`. */
  readonly action: AdminAction;
  /** What it was done to, e.g. `{ type: 'agent', id: 'agent-7' }`. */
  readonly target: { readonly type: string; readonly id: string };
  readonly occurredAt: string;
  /** What changed, before and after (only the fields that changed; no secrets, no personal data). */
  readonly before?: AdminSummary;
  readonly after?: AdminSummary;
}

export interface AdminActionInput {
  readonly tenantId: string;
  readonly action: AdminAction;
  readonly target: { readonly type: string; readonly id: string };
  readonly before?: AdminSummary;
  readonly after?: AdminSummary;
}

/** Publishes one admin action for the tenant's chain (activity-logs appends it, once, by `actionId`). */
export async function publishAdminAction(bus: EventBus, actor: Identity, input: AdminActionInput): Promise<void> {
  if (!Object.values(ADMIN_ACTIONS).includes(input.action)) throw new Error(`Unknown admin action "${input.action}".`);
  const payload: AdminActionPayload = {
    actionId: randomUUID(),
    tenantId: input.tenantId,
    actorId: actor.subject,
    action: input.action,
    target: input.target,
    occurredAt: new Date().toISOString(),
    ...(input.before ? { before: bounded(input.before) } : {}),
    ...(input.after ? { after: bounded(input.after) } : {}),
  };
  await bus.publish(TOPICS.adminAction, payload, { dedupeKey: payload.actionId });
}

/** Summaries fit an activity event's metadata (32 flat fields, 4 KiB): 14 fields a side, short values. */
const MAX_SUMMARY_FIELDS = 14;
const MAX_SUMMARY_TEXT = 80;
const MAX_SUMMARY_ITEMS = 12;

function bounded(summary: AdminSummary): AdminSummary {
  const short = (value: string | number | boolean) => (typeof value === 'string' ? value.slice(0, MAX_SUMMARY_TEXT) : value);
  const entries = Object.entries(summary);
  const kept = entries
    .slice(0, MAX_SUMMARY_FIELDS - 1)
    .map(([key, value]): [string, AdminSummaryValue] => [
      key.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40),
      Array.isArray(value) ? value.slice(0, MAX_SUMMARY_ITEMS).map(short) : value === null ? null : short(value as string),
    ]);
  if (entries.length > kept.length) kept.push(['moreChanges', entries.length - kept.length]);
  return Object.fromEntries(kept);
}

/** The fields whose values differ between `before` and `after` (arrays compared as sets of their items). */
export function changedFields(before: AdminSummary, after: AdminSummary): { before: AdminSummary; after: AdminSummary } {
  const same = (a: AdminSummaryValue | undefined, b: AdminSummaryValue | undefined) =>
    JSON.stringify(Array.isArray(a) ? [...a].sort() : a) === JSON.stringify(Array.isArray(b) ? [...b].sort() : b);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !same(before[key], after[key]));
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(keys.map((key) => [key, after[key] ?? null])),
  };
}

/**
 * A nested settings object as flat summary fields: `{ sla: { firstResponse: { minutes: 30 } } }` →
 * `{ sla_firstResponse_minutes: 30 }`; arrays of primitives stay arrays, other arrays are summarized by length.
 */
export function flattenForSummary(value: unknown, prefix = '', depth = 0): Record<string, AdminSummaryValue> {
  const out: Record<string, AdminSummaryValue> = {};
  if (value === null || typeof value !== 'object' || depth > 5) return out;
  for (const [key, item] of Object.entries(value)) {
    const name = prefix ? `${prefix}_${key}` : key;
    if (item === null || ['string', 'number', 'boolean'].includes(typeof item))
      out[name] = item as string | number | boolean | null;
    else if (item instanceof Date) out[name] = item.toISOString();
    else if (Array.isArray(item)) {
      if (item.every((entry) => ['string', 'number', 'boolean'].includes(typeof entry))) out[name] = item as string[];
      else out[`${name}_count`] = item.length;
    } else Object.assign(out, flattenForSummary(item, name, depth + 1));
  }
  return out;
}
