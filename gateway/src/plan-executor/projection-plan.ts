import { Kind, type FieldNode, type SelectionNode, type SelectionSetNode } from 'graphql';
import type { FieldFacts, SchemaIndex } from './schema-index.js';
import type { Run } from './types.js';

/** One field of a selection set, resolved against the concrete type it is projected on. */
export interface FieldStep {
  readonly kind: 'field';
  readonly selection: FieldNode;
  /** Null when the type has no such field (reported when the selection is reached, as before). */
  readonly facts: FieldFacts | null;
  readonly key: string;
  /** Whether `@skip` / `@include` must be evaluated with the request's variables. */
  readonly conditional: boolean;
}

/** An inline fragment or a spread, with the fragment definition looked up. */
export interface FragmentStep {
  readonly kind: 'fragment';
  readonly selection: SelectionNode;
  /** Undefined for a spread of a fragment the document does not define (reported when reached, as before). */
  readonly selectionSet: SelectionSetNode | undefined;
  readonly name: string;
  readonly condition: string | undefined;
  readonly inline: boolean;
  readonly conditional: boolean;
}

export interface ProjectionPlan {
  readonly steps: readonly (FieldStep | FragmentStep)[];
  /** The selection set's own non-null fields (not `__typename`): a fragment missing one of them adds nothing. */
  readonly nonNullFields: readonly FieldStep[];
}

type Composite = Parameters<SchemaIndex['field']>[0];

/**
 * Selection sets of the client's document resolved once per concrete type: field facts, response keys, fragment
 * definitions and whether directives need the variables. A selection set node belongs to one document, so its
 * fragment spreads always name the same definitions; the plans live as long as the document does.
 */
const plans = new WeakMap<SelectionSetNode, Map<Composite, ProjectionPlan>>();

export function projectionPlan(selectionSet: SelectionSetNode, type: Composite, run: Run): ProjectionPlan {
  let byType = plans.get(selectionSet);
  if (!byType) {
    byType = new Map();
    plans.set(selectionSet, byType);
  }
  // Keyed by the type object, not its name: a new supergraph brings new type objects and new plans.
  let plan = byType.get(type);
  if (!plan) {
    plan = compile(selectionSet, type, run);
    byType.set(type, plan);
  }
  return plan;
}

function compile(selectionSet: SelectionSetNode, type: Composite, run: Run): ProjectionPlan {
  const steps: (FieldStep | FragmentStep)[] = [];
  for (const selection of selectionSet.selections) {
    const conditional = Boolean(selection.directives?.length);
    if (selection.kind === Kind.FIELD) {
      const facts = run.schema.field(type, selection.name.value);
      steps.push({ kind: 'field', selection, facts, key: selection.alias?.value ?? selection.name.value, conditional });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition?.name.value;
      const { selectionSet: fragment } = selection;
      steps.push({ kind: 'fragment', selection, selectionSet: fragment, name: '', condition, inline: true, conditional });
    } else {
      const name = selection.name.value;
      const definition = run.fragments[name];
      const condition = definition?.typeCondition.name.value;
      const fragment = definition?.selectionSet;
      steps.push({ kind: 'fragment', selection, selectionSet: fragment, name, condition, inline: false, conditional });
    }
  }
  const nonNullFields = steps.filter(
    (step): step is FieldStep => step.kind === 'field' && !!step.facts?.nonNull && step.facts.name !== '__typename',
  );
  return { steps, nonNullFields };
}
