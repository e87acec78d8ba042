/**
 * Where a rule's alerts copy their values from: the review categories of the events that trigger it. A retention
 * purge (ADR 134) names a cut-off per category; an alert's copied values outlive their events unless they go once
 * every category they may come from was purged past the alert (ADR 136).
 */
import { EventTaxonomy, type ActivityCategory, type ActivityOutcome } from '@vigil/core/domain';
import { toDetectionEvent, type EventKind } from './detection-event.js';
import type { RuleId } from './rule-catalog.js';
import { ruleById } from './rules/index.js';

const OUTCOMES: readonly ActivityOutcome[] = ['SUCCESS', 'FAILURE', 'UNKNOWN'];

/**
 * Each kind's categories, derived from the shared taxonomy (every type, family and outcome classified as detection
 * classifies events) rather than listed by hand: a failed sign-in is a FAILURE event, or an AUTHENTICATION one when
 * single sign-on fails, and a new type joins by its definition alone.
 */
const CATEGORIES_OF_KIND: ReadonlyMap<EventKind, ReadonlySet<ActivityCategory>> = (() => {
  const byKind = new Map<EventKind, Set<ActivityCategory>>();
  for (const definition of new EventTaxonomy().list()) {
    for (const outcome of OUTCOMES) {
      const { kinds } = toDetectionEvent({
        eventId: 'classify',
        tenantId: 'classify',
        accountId: 'classify',
        type: definition.type,
        category: definition.category,
        outcome,
        occurredAt: new Date(0).toISOString(),
        firstSeenDevice: true,
        metadata: { amount: 1 },
      });
      for (const kind of kinds) byKind.set(kind, (byKind.get(kind) ?? new Set()).add(definition.category));
    }
  }
  return byKind;
})();

/** The categories of the events that trigger `ruleId` (the events its alerts cite and copy values from). */
export function sourceCategories(ruleId: RuleId): ReadonlySet<ActivityCategory> {
  const categories = new Set<ActivityCategory>();
  for (const kind of ruleById(ruleId).definition.triggers) {
    for (const category of CATEGORIES_OF_KIND.get(kind) ?? []) categories.add(category);
  }
  return categories;
}

/**
 * The time before which every event `ruleId`'s alerts may copy from is purged: the earliest of its categories'
 * cut-offs. Undefined when the purge names no cut-off for one of them (those events were not purged).
 */
export function purgedBefore(ruleId: RuleId, cutoffs: ReadonlyMap<ActivityCategory, Date>): Date | undefined {
  const sources = [...sourceCategories(ruleId)];
  if (sources.length === 0 || sources.some((category) => !cutoffs.has(category))) return undefined;
  return new Date(Math.min(...sources.map((category) => cutoffs.get(category)!.getTime())));
}
