/**
 * An event's metadata: flat fields a reviewer reads and exports carry, bounded in count and size, and never
 * secrets (keys that name one are refused at the door). The bounds are core's `EVIDENCE_BOUNDS`: the disclosure
 * of metadata by role scans no more than what is accepted here (ADR 149).
 */
import { EVIDENCE_BOUNDS } from '@vigil/core/domain';

export const MAX_METADATA_BYTES = EVIDENCE_BOUNDS.maxBytes;
const { maxFields, maxListItems, maxStringLength, maxKeyLength } = EVIDENCE_BOUNDS;

const METADATA_KEY_PATTERN = new RegExp(`^[A-Za-z][A-Za-z0-9_]{0,${maxKeyLength - 1}}$`);
const SECRET_KEY_PATTERN = /pass(word)?|secret|token|otp|pin$|cvv|cvc|card_?number|pan$|api_?key|private/i;

export type MetadataValue = string | number | boolean | null;
export type ActivityMetadata = Readonly<Record<string, MetadataValue | readonly MetadataValue[]>>;

/** Reports each problem through `fail` (field, message); returns the metadata as given when it is an object. */
export function validateMetadata(value: unknown, fail: (field: string, message: string) => void): ActivityMetadata | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    fail('metadata', 'metadata must be an object of flat fields (string, number, boolean, null or arrays of those).');
    return undefined;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > maxFields) fail('metadata', `metadata holds at most ${maxFields} fields.`);
  for (const [key, field] of entries) {
    if (!METADATA_KEY_PATTERN.test(key))
      fail(
        `metadata.${key.slice(0, maxKeyLength)}`,
        `Metadata keys start with a letter and hold letters, digits and _ (max ${maxKeyLength}).`,
      );
    else if (SECRET_KEY_PATTERN.test(key))
      fail(`metadata.${key}`, `"${key}" looks like a secret; never send secrets in activity metadata.`);
    else if (!isMetadataValue(field) && !(Array.isArray(field) && field.length <= maxListItems && field.every(isMetadataValue))) {
      fail(
        `metadata.${key}`,
        `Metadata values are strings, numbers, booleans, null, or arrays (≤ ${maxListItems}) of those; nested objects are not accepted.`,
      );
    }
  }
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_METADATA_BYTES)
    fail('metadata', `metadata is larger than ${MAX_METADATA_BYTES} bytes.`);
  return value as ActivityMetadata;
}

function isMetadataValue(value: unknown): value is MetadataValue {
  return (
    value === null ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && value.length <= maxStringLength)
  );
}
