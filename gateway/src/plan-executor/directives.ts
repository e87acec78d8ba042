import { Kind, type SelectionNode } from 'graphql';

/** One `@skip` / `@include` on a selection: a literal, a variable, or no `if` (then the selection is dropped). */
interface Inclusion {
  readonly skip: boolean;
  readonly literal?: boolean;
  readonly variable?: string;
  readonly missing?: true;
}

const inclusionsBySelection = new WeakMap<SelectionNode, readonly Inclusion[] | null>();

/**
 * Whether a selection of the client's document is kept under `variables` (`@skip(if:)` / `@include(if:)`,
 * literal or variable); read once per selection node, evaluated per request.
 */
export function isIncluded(selection: SelectionNode, variables: Readonly<Record<string, unknown>> | undefined): boolean {
  let inclusions = inclusionsBySelection.get(selection);
  if (inclusions === undefined) {
    inclusions = inclusionsOf(selection);
    inclusionsBySelection.set(selection, inclusions);
  }
  if (!inclusions) return true;
  for (const inclusion of inclusions) {
    if (inclusion.missing) return false;
    const value = inclusion.variable !== undefined ? Boolean(variables?.[inclusion.variable]) : inclusion.literal;
    if (value === undefined) continue;
    if (inclusion.skip ? value : !value) return false;
  }
  return true;
}

function inclusionsOf(selection: SelectionNode): readonly Inclusion[] | null {
  const found: Inclusion[] = [];
  for (const directive of selection.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const skip = name === 'skip';
    const condition = directive.arguments?.find((argument) => argument.name.value === 'if')?.value;
    if (!condition) found.push({ skip, missing: true });
    else if (condition.kind === Kind.VARIABLE) found.push({ skip, variable: condition.name.value });
    else if (condition.kind === Kind.BOOLEAN) found.push({ skip, literal: condition.value });
  }
  return found.length ? found : null;
}
