/**
 * Evidence (an event's client-sent metadata) is a JSON container of other values: a reader who may see the evidence
 * sees it whole except for the personal values inside it, each shown at the reader's visibility of its own kind
 * (ADR 149). Without this an AUDITOR read a customer's new email whole in `metadata.newEmail` and masked on the
 * account itself.
 */
import type { Role } from '../auth/identity.js';
import { maskValue } from './maskers.js';
import { NAMED_VALUE_KINDS, PERSONAL_DATA_KINDS, visibilityFor, type ValueKind } from './policy.js';
import { maskText, REDACTED } from './text.js';

/**
 * The shape event metadata is held to at ingestion (activity-logs' `validateMetadata` reads these): an object of at
 * most `maxFields` fields, each a scalar or a list of at most `maxListItems` scalars, strings of at most
 * `maxStringLength` characters, keys of at most `maxKeyLength`, `maxBytes` of JSON in all. The evidence walk scans
 * no more than that, so its work is bounded whatever is stored.
 */
export const EVIDENCE_BOUNDS = {
  maxBytes: 4096,
  maxFields: 32,
  maxListItems: 50,
  maxStringLength: 1024,
  maxKeyLength: 64,
} as const;

/** The kinds a value can be on its own: the policy's kinds without the two that resolve to them. */
const VALUE_KINDS: readonly ValueKind[] = PERSONAL_DATA_KINDS.filter(
  (kind): kind is ValueKind => kind !== 'TEXT' && kind !== 'NAMED_VALUE',
);

/**
 * The kind a container key names: the key, or its last words, is a `NAMED_VALUE_KINDS` name (`email`, `newEmail`,
 * `contact_email`, `sourceIp`, `clientIPAddress`; `emailVerified` names none: its last word is `verified`).
 */
export function kindOfKey(key: string): ValueKind | undefined {
  if (key.length > EVIDENCE_BOUNDS.maxKeyLength) return undefined;
  const words = key
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_.-]+/)
    .filter(Boolean);
  for (let first = 0; first < words.length; first += 1) {
    const name = words.slice(first).join('');
    // Own names only: a key like "constructor" would otherwise find the prototype's function.
    if (Object.hasOwn(NAMED_VALUE_KINDS, name)) return NAMED_VALUE_KINDS[name];
  }
  return undefined;
}

/**
 * `evidence` as `roles` see what is inside it, the evidence itself being visible to them: every string is read as
 * TEXT (embedded emails, phone numbers and IPs at their kind's visibility) and a value under a key that names a kind
 * follows that kind. What lies beyond `EVIDENCE_BOUNDS` (deeper nesting, more fields or items, longer strings, more
 * text in all) is never in stored metadata; it is withheld rather than scanned. The value passed in is not changed.
 */
export function discloseEvidence(evidence: unknown, roles: readonly Role[]): unknown {
  if (VALUE_KINDS.every((kind) => visibilityFor(roles, kind) === 'CLEAR')) return evidence;
  const walk = new EvidenceWalk(roles);
  return walk.value(evidence, 0, undefined);
}

class EvidenceWalk {
  private budget: number = EVIDENCE_BOUNDS.maxBytes;

  constructor(private readonly roles: readonly Role[]) {}

  /** `depth` 0 is the evidence itself, 1 a field of it, 2 an item of a field's list: metadata goes no deeper. */
  value(value: unknown, depth: number, kind: ValueKind | undefined): unknown {
    if (value === null || value === undefined || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      // A phone number sent as a JSON number is still one; any other number under a named key is a count or amount.
      const phone = kind === 'PHONE' && visibilityFor(this.roles, kind) !== 'CLEAR';
      return phone ? this.leaf(String(value), kind) : value;
    }
    if (typeof value === 'string') return this.leaf(value, kind);
    if (depth >= 2) return REDACTED;
    if (Array.isArray(value)) {
      if (value.length > EVIDENCE_BOUNDS.maxListItems) return REDACTED;
      return value.map((item) => this.value(item, depth + 1, kind));
    }
    if (!isPlainObject(value)) return REDACTED;
    const entries = Object.entries(value);
    if (entries.length > EVIDENCE_BOUNDS.maxFields) return REDACTED;
    return Object.fromEntries(
      entries.map(([key, field]) => [this.text(key), this.value(field, depth + 1, kindOfKey(key) ?? kind)]),
    );
  }

  private leaf(value: string, kind: ValueKind | undefined): string {
    if (value.length > EVIDENCE_BOUNDS.maxStringLength) return REDACTED;
    const visibility = kind === undefined ? 'CLEAR' : visibilityFor(this.roles, kind);
    if (visibility === 'HIDDEN') return REDACTED;
    if (visibility === 'MASKED' && kind !== undefined) {
      const masked = maskValue(kind, value);
      return typeof masked === 'string' ? masked : REDACTED;
    }
    // Whole for this key's kind (or no kind named): what it embeds still follows its own kinds.
    return this.text(value);
  }

  private text(value: string): string {
    this.budget -= value.length;
    if (this.budget < 0) return REDACTED;
    return maskText(value, this.roles);
  }
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
