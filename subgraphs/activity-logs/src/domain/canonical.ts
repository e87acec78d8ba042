import { quotedJsonString } from '@vigil/core/domain';

/**
 * Canonical encoding for hashing and signing: JSON with object keys sorted, `undefined` fields dropped,
 * Dates as ISO-8601 UTC. The same logical value always yields the same bytes, whatever the field order
 * MongoDB or a client returned it in.
 *
 * Built by appending to one string, without the per-field arrays of `filter`/`map`/`join`: it runs twice per
 * ingested event (the chain link and the PII commitment) and was among activity-logs' hottest functions (ADR 156).
 * The bytes are those of the earlier form (test/domain/canonical.test.ts holds it as the reference).
 */
export type Canonicalisable =
  string | number | boolean | null | undefined | Date | readonly Canonicalisable[] | { readonly [key: string]: Canonicalisable };

export function canonicalJson(value: Canonicalisable): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quotedJsonString(value);
  if (value instanceof Date) return `"${value.toISOString()}"`;
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      const item: Canonicalisable = value[index];
      out += `${index === 0 ? '' : ','}${canonicalJson(item === undefined ? null : item)}`;
    }
    return `${out}]`;
  }
  if (typeof value === 'object') {
    const record = value as { readonly [key: string]: Canonicalisable };
    // Sorting before dropping undefined fields gives the same order as dropping first.
    const keys = Object.keys(record).sort();
    let out = '{';
    for (const key of keys) {
      const field = record[key];
      if (field === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${quotedJsonString(key)}:${canonicalJson(field)}`;
    }
    return `${out}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('Cannot canonicalise a non-finite number');
  return JSON.stringify(value);
}
