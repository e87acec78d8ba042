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
