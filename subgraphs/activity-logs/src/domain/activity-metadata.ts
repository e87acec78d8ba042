/**
 * An event's metadata: flat fields a reviewer reads and exports carry, bounded in count and size, and never
 * secrets (keys that name one are refused at the door).
 */
export const MAX_METADATA_BYTES = 4096;

const METADATA_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
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
  if (entries.length > 32) fail('metadata', 'metadata holds at most 32 fields.');
  for (const [key, field] of entries) {
    if (!METADATA_KEY_PATTERN.test(key))
      fail(`metadata.${key.slice(0, 64)}`, 'Metadata keys start with a letter and hold letters, digits and _ (max 64).');
    else if (SECRET_KEY_PATTERN.test(key))
      fail(`metadata.${key}`, `"${key}" looks like a secret; never send secrets in activity metadata.`);
    else if (!isMetadataValue(field) && !(Array.isArray(field) && field.length <= 50 && field.every(isMetadataValue))) {
      fail(
        `metadata.${key}`,
        'Metadata values are strings, numbers, booleans, null, or arrays (≤ 50) of those; nested objects are not accepted.',
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
    (typeof value === 'string' && value.length <= 1024)
  );
}
