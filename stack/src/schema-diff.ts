import { buildSchema, findBreakingChanges, type BreakingChange } from 'graphql';

/** A breaking change someone accepted on purpose, with the reason (schema/accepted-breaking-changes.json). */
export interface AcceptedBreakingChange {
  /** The change's description exactly as the check prints it, e.g. `Alert.rule was removed.` */
  readonly change: string;
  /** Why clients are not hurt (or were told): required, so that accepting a break is a decision, not a shrug. */
  readonly reason: string;
}

export interface SchemaDiff {
  /** Breaking changes nobody accepted: the check fails when this is not empty. */
  readonly unacknowledged: readonly string[];
  /** Breaking changes listed in the acknowledgement file. */
  readonly acknowledged: readonly string[];
}

/**
 * Federation's own plumbing (join__*, link__*) changes whenever a subgraph is added or renamed; clients never query
 * it, so it is not part of the contract the check protects.
 */
const FEDERATION_INTERNAL = /\b(join__|link__)/;

/** Compares two supergraph SDLs and returns the breaking changes for clients, split by whether they were accepted. */
export function diffSupergraphs(
  committedSdl: string,
  composedSdl: string,
  accepted: readonly AcceptedBreakingChange[],
): SchemaDiff {
  const changes = findBreakingChanges(buildApiSchema(committedSdl), buildApiSchema(composedSdl))
    .map((change: BreakingChange) => change.description)
    .filter((description) => !FEDERATION_INTERNAL.test(description));
  const acceptedSet = new Set(accepted.map((a) => a.change));
  return {
    unacknowledged: changes.filter((c) => !acceptedSet.has(c)),
    acknowledged: changes.filter((c) => acceptedSet.has(c)),
  };
}

/** Validates the acknowledgement file's content: a list of `{ change, reason }` with non-empty strings. */
export function parseAcceptedBreakingChanges(json: string): AcceptedBreakingChange[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) throw new Error('The accepted breaking changes file must hold a JSON array.');
  return parsed.map((entry: unknown, index) => {
    const item = entry as Partial<Record<keyof AcceptedBreakingChange, unknown>> | null;
    if (!item || typeof item.change !== 'string' || typeof item.reason !== 'string' || !item.reason.trim()) {
      throw new Error(`Accepted breaking change #${index + 1} needs a "change" and a non-empty "reason".`);
    }
    return { change: item.change, reason: item.reason };
  });
}

function buildApiSchema(sdl: string) {
  // The supergraph declares its own directives; federation's validation rules are not ours to re-run here.
  return buildSchema(sdl, { assumeValidSDL: true });
}
