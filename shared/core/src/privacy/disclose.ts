import type { Role } from '../auth/identity.js';
import { discloseEvidence } from './evidence.js';
import { maskValue } from './maskers.js';
import { NAMED_VALUE_KINDS, PERSONAL_DATA_FIELDS, visibilityFor, type PersonalDataKind } from './policy.js';
import { maskText } from './text.js';

/**
 * `value` (a `kind` of personal data) as a caller with `roles` may see it: whole, masked, or `undefined`
 * when it must be withheld. Lists are disclosed item by item (withheld items dropped). `name` is the
 * sibling `name` of a NAMED_VALUE.
 */
export function disclose(kind: PersonalDataKind, value: unknown, roles: readonly Role[], name?: string): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) {
    return value.map((item) => disclose(kind, item, roles, name)).filter((item) => item !== undefined);
  }
  if (kind === 'TEXT') return typeof value === 'string' ? maskText(value, roles) : value;
  if (kind === 'NAMED_VALUE') return disclose(namedValueKind(name), value, roles);
  const visibility = visibilityFor(roles, kind);
  // Evidence is a container: the personal values inside it follow their own kinds (ADR 149).
  if (visibility === 'CLEAR') return kind === 'EVIDENCE' ? discloseEvidence(value, roles) : value;
  if (visibility === 'HIDDEN') return undefined;
  return maskValue(kind, value);
}

function namedValueKind(name: string | undefined): PersonalDataKind {
  // Own names only: a metadata name like "constructor" would otherwise find the prototype's function, no kind at all.
  const key = name?.toLowerCase();
  return key !== undefined && Object.hasOwn(NAMED_VALUE_KINDS, key) ? (NAMED_VALUE_KINDS[key] as PersonalDataKind) : 'TEXT';
}

/**
 * A record of GraphQL type `typeName` (e.g. an `ActivityEvent` leaving in an export) with every field the
 * policy lists disclosed for `roles`; withheld fields are removed.
 */
export function discloseRecord<T extends object>(typeName: string, record: T, roles: readonly Role[]): T {
  const fields = PERSONAL_DATA_FIELDS[typeName];
  if (!fields) return record;
  const result: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  const name = typeof result.name === 'string' ? result.name : undefined;
  for (const [field, kind] of Object.entries(fields)) {
    if (!(field in result)) continue;
    const disclosed = disclose(kind, result[field], roles, name);
    if (disclosed === undefined) delete result[field];
    else result[field] = disclosed;
  }
  return result as T;
}
