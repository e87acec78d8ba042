/**
 * Narrows an untrusted value to one of a closed list of words (roles, categories, severities, rule ids…): the
 * `isX` guard every such list needs at the edge.
 */
export function isOneOf<Word extends string>(words: readonly Word[], value: unknown): value is Word {
  return typeof value === 'string' && (words as readonly string[]).includes(value);
}
