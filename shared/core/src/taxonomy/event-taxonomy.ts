/**
 * The taxonomy one tenant sees: built-ins, families, and the tenant's registered `custom.*` types.
 * Resolution always names the writer, so a client path cannot resolve a Vigil-only type by accident.
 */
import {
  BUILT_IN_EVENT_TYPES,
  CUSTOM_TYPE_PREFIX,
  EVENT_TYPE_FAMILIES,
  MAX_EVENT_TYPE_LENGTH,
  isWellFormedEventType,
  truncate,
  type EventTypeDefinition,
} from './event-types.js';
import { reservedTypeMessage, type EventWriter } from './writers.js';

/** Why a type was refused: malformed name, unknown type, or a Vigil-only type sent by a client. */
export type TypeRefusal = 'MALFORMED' | 'UNKNOWN' | 'RESERVED';

export type TypeResolution =
  | { readonly ok: true; readonly definition: EventTypeDefinition }
  | {
      readonly ok: false;
      readonly reason: TypeRefusal;
      readonly message: string;
      readonly suggestions: readonly string[];
    };

export class EventTaxonomy {
  private readonly exact = new Map<string, EventTypeDefinition>();

  constructor(customTypes: readonly EventTypeDefinition[] = []) {
    for (const definition of BUILT_IN_EVENT_TYPES) this.exact.set(definition.type, definition);
    // Custom types are client types under `custom.`: anything else (a tampered settings document) is
    // ignored, so a tenant's custom type can never shadow a built-in or a reserved type.
    for (const definition of customTypes) {
      if (definition.type.startsWith(CUSTOM_TYPE_PREFIX) && isWellFormedEventType(definition.type)) {
        this.exact.set(definition.type, { ...definition, writer: 'CLIENT' });
      }
    }
  }

  /**
   * Resolves `type` for `writer`. A `CLIENT` asking for a `VIGIL` type gets `RESERVED`; suggestions
   * offered to a client never include reserved types.
   */
  resolve(type: string, writer: EventWriter): TypeResolution {
    if (!isWellFormedEventType(type)) {
      return {
        ok: false,
        reason: 'MALFORMED',
        message: `Event type "${truncate(type)}" is not a dotted lowercase name like "user.session.start".`,
        suggestions: this.nearest(type, writer),
      };
    }
    const definition = this.definitionOf(type);
    if (definition && definition.writer === 'VIGIL' && writer !== 'VIGIL') {
      return { ok: false, reason: 'RESERVED', message: reservedTypeMessage(type), suggestions: [] };
    }
    if (definition) return { ok: true, definition };
    const suggestions = this.nearest(type, writer);
    const hint = type.startsWith(CUSTOM_TYPE_PREFIX)
      ? ' Register it first with registerCustomEventType.'
      : suggestions.length > 0
        ? ` Nearest known types: ${suggestions.join(', ')}.`
        : '';
    return { ok: false, reason: 'UNKNOWN', message: `Unknown event type "${type}".${hint}`, suggestions };
  }

  /** The known types (and family patterns) `writer` may use, closest to `type` by edit distance, best first. */
  nearest(type: string, writer: EventWriter, limit = 3): string[] {
    const probe = type.slice(0, MAX_EVENT_TYPE_LENGTH);
    return this.list()
      .filter((definition) => writer === 'VIGIL' || definition.writer === 'CLIENT')
      .map(({ type: candidate }) => ({ candidate, distance: editDistance(probe, candidate) }))
      .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
      .slice(0, limit)
      .map(({ candidate }) => candidate);
  }

  /** Every type and family pattern, each with its writer (clients see which ones they may send). */
  list(): EventTypeDefinition[] {
    return [...this.exact.values(), ...EVENT_TYPE_FAMILIES];
  }

  private definitionOf(type: string): EventTypeDefinition | undefined {
    const exact = this.exact.get(type);
    if (exact) return exact;
    const family = EVENT_TYPE_FAMILIES.find((candidate) => type.startsWith(candidate.type.slice(0, -1)));
    return family ? { ...family, type } : undefined;
  }
}

/** Levenshtein distance with two rows; inputs are bounded by MAX_EVENT_TYPE_LENGTH. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
