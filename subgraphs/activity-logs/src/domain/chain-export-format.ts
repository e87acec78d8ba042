/**
 * The verifiable export: NDJSON in chain order, one line per event (purged events as tombstones), with
 * the signed heads interleaved right after the event they sign, so an auditor can prove offline that the
 * lines between two signed heads are complete and unaltered (see `vigil-verify`).
 *
 *   {"kind":"signedHead","tenantId":…,"sequence":…,"hash":…,"createdAt":…,"keyId":…,"signature":…}
 *   {"kind":"event","sequence":…,"prevHash":…,"hash":…, …the event as in the ndjson export…}
 *   {"kind":"event","sequence":…,"prevHash":…,"hash":…,"purged":true}
 *
 * Parsing is strict and bounded: the offline verifier reads untrusted files with it. No runtime
 * dependency beyond node: imported by the offline verifier.
 */
import { jsonOrUndefined, type ActivityOutcome, type ActorType } from '@vigil/core/domain';
import type { ChainContent } from './hash-chain.js';
import { parseRecordedBy } from './recorded-by.js';
import type { SignedHead } from './signed-head.js';

export type ExportLine =
  | {
      readonly kind: 'event';
      readonly sequence: number;
      readonly prevHash: string;
      readonly hash: string;
      readonly content: ChainContent | null;
      readonly erasedWithPii: boolean;
    }
  | { readonly kind: 'signedHead'; readonly head: SignedHead };

const HASH = /^[0-9a-f]{64}$/;
const PII_FIELDS = ['ip', 'userAgent', 'deviceId', 'geo', 'metadata'] as const;

export function signedHeadLine(head: SignedHead): string {
  const { tenantId, sequence, hash, createdAt, keyId, signature } = head;
  return `${JSON.stringify({ kind: 'signedHead', tenantId, sequence, hash, createdAt: new Date(createdAt).toISOString(), keyId, signature })}\n`;
}

export function eventLine(record: Record<string, unknown>, link: { sequence: number; prevHash: string; hash: string }): string {
  return `${JSON.stringify({ kind: 'event', ...record, sequence: link.sequence, prevHash: link.prevHash, hash: link.hash })}\n`;
}

export function tombstoneLine(link: { sequence: number; prevHash: string; hash: string }): string {
  return `${JSON.stringify({ kind: 'event', sequence: link.sequence, prevHash: link.prevHash, hash: link.hash, purged: true })}\n`;
}

/** Parses one line; throws an Error whose message says what is wrong with it. */
export function parseExportLine(text: string): ExportLine {
  const value = jsonOrUndefined(text);
  if (value === undefined) throw new Error('not valid JSON');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  const record = value as Record<string, unknown>;
  if (record.kind === 'signedHead') return { kind: 'signedHead', head: headOf(record) };
  if (record.kind !== 'event') throw new Error('kind is neither "event" nor "signedHead"');
  const sequence = positiveInteger(record.sequence, 'sequence');
  const prevHash = hash(record.prevHash, 'prevHash');
  const linkHash = hash(record.hash, 'hash');
  if (record.purged === true) return { kind: 'event', sequence, prevHash, hash: linkHash, content: null, erasedWithPii: false };
  const erasedWithPii =
    record.erasedAt !== undefined && PII_FIELDS.some((field) => record[field] !== undefined && record[field] !== null);
  return { kind: 'event', sequence, prevHash, hash: linkHash, content: contentOf(record), erasedWithPii };
}

function headOf(record: Record<string, unknown>): SignedHead {
  return {
    tenantId: text(record.tenantId, 'tenantId'),
    sequence: positiveInteger(record.sequence, 'sequence'),
    hash: hash(record.hash, 'hash'),
    createdAt: instant(record.createdAt, 'createdAt'),
    keyId: text(record.keyId, 'keyId'),
    signature: text(record.signature, 'signature'),
  };
}

/** Exactly the fields the chain hashes (the rest of the line is for readers). */
function contentOf(record: Record<string, unknown>): ChainContent {
  const actor = record.actor as { type?: unknown; id?: unknown } | undefined;
  if (typeof actor !== 'object' || actor === null) throw new Error('actor is missing');
  const device = record.device as Record<string, unknown> | undefined;
  return {
    id: text(record.id, 'id'),
    tenantId: text(record.tenantId, 'tenantId'),
    accountId: text(record.accountId, 'accountId'),
    type: text(record.type, 'type'),
    category: text(record.category, 'category'),
    outcome: text(record.outcome, 'outcome') as ActivityOutcome,
    occurredAt: new Date(instant(record.occurredAt, 'occurredAt')),
    recordedAt: new Date(instant(record.recordedAt, 'recordedAt')),
    actor: {
      type: text(actor.type, 'actor.type') as ActorType,
      ...(actor.id !== undefined ? { id: text(actor.id, 'actor.id') } : {}),
    },
    ...(record.idempotencyKey !== undefined ? { idempotencyKey: text(record.idempotencyKey, 'idempotencyKey') } : {}),
    ...(device !== undefined ? { device: deviceOf(device) } : {}),
    firstSeenDevice: bool(record.firstSeenDevice, 'firstSeenDevice'),
    firstSeenCountry: bool(record.firstSeenCountry, 'firstSeenCountry'),
    piiCommitment:
      record.piiCommitment === null || record.piiCommitment === undefined ? null : hash(record.piiCommitment, 'piiCommitment'),
    // Absent on events recorded before provenance was (ADR 145); present, it must be well-formed and is hashed.
    ...(record.recordedBy !== undefined ? { recordedBy: parseRecordedBy(record.recordedBy) } : {}),
  };
}

function deviceOf(device: Record<string, unknown>): NonNullable<ChainContent['device']> {
  if (typeof device !== 'object' || device === null) throw new Error('device is not an object');
  const field = (name: 'browser' | 'os' | 'type') =>
    device[name] !== undefined ? { [name]: text(device[name], `device.${name}`) } : {};
  return { ...field('browser'), ...field('os'), ...field('type') };
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024)
    throw new Error(`${field} is missing or not a string`);
  return value;
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new Error(`${field} is not a boolean`);
  return value;
}

function positiveInteger(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new Error(`${field} is not a sequence number`);
  return value as number;
}

function hash(value: unknown, field: string): string {
  if (typeof value !== 'string' || !HASH.test(value)) throw new Error(`${field} is not a SHA-256 hex hash`);
  return value;
}

function instant(value: unknown, field: string): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new Error(`${field} is not an ISO-8601 date-time`);
  return new Date(value).toISOString();
}
