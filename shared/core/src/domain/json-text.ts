/**
 * `text` parsed as JSON, or undefined when it is not JSON (JSON itself never yields undefined), so each caller
 * refuses bad input in its own terms without a try/catch of its own.
 */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Characters JSON.stringify escapes (controls, quote, backslash) or may (surrogates, escaped when lone). */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what JSON.stringify escapes
const NEEDS_ESCAPING = /[\u0000-\u001f"\\\ud800-\udfff]/;

/**
 * A string as JSON, the bytes JSON.stringify writes: ids, names and most text have nothing to escape and need no
 * JSON.stringify call. Both canonical encodings quote with it (core's operation digest, activity-logs' chain,
 * ADRs 156 and 160), where it runs for every string of every ingested event.
 */
export function quotedJsonString(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}
