import type { DetectionEvent } from '../detection-event.js';
import type { DetectionRule, DetectionRuleDefinition } from './rule.js';
import { contactChange } from './examples.js';
import { eventsAround, param, satisfiedWindowsAround, MAX_WINDOW_EVENTS } from './window-helpers.js';
import { distinctKeys } from './window-tallies.js';
import { accountFinding, windowEvidence } from './finding-parts.js';

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'rapid-profile-changes',
  name: 'Rapid personal-data changes',
  description: 'Several distinct profile or contact fields changed on one account within an hour.',
  sources: [{ title: 'MITRE ATT&CK T1098: Account Manipulation', url: 'https://attack.mitre.org/techniques/T1098/' }],
  severity: 'MEDIUM',
  enabled: true,
  mode: 'ALERT',
  params: { distinctFields: 3, windowMinutes: 60 },
  countedParams: { distinctFields: MAX_WINDOW_EVENTS },
  lists: {},
  suppressionMinutes: 60,
  triggers: ['PROFILE_CHANGED'],
  usesIpAllowlist: false,
};

function fieldsIn(events: readonly DetectionEvent[]): Set<string> {
  return new Set(events.flatMap((candidate) => candidate.changedFields ?? []));
}

export const rapidProfileChanges: DetectionRule = {
  definition,
  examples: {
    fires: [contactChange(0, 'email'), contactChange(10, 'phone'), contactChange(20, 'address')],
    quiet: [contactChange(0, 'email'), contactChange(10, 'phone'), contactChange(200, 'address')],
  },
  async evaluate(event, context) {
    const threshold = param(context, 'distinctFields');
    const windowMinutes = param(context, 'windowMinutes');
    const changes = await eventsAround(context, event, 'PROFILE_CHANGED', windowMinutes, { accountId: event.accountId });
    const hit = satisfiedWindowsAround(
      event,
      changes,
      windowMinutes,
      distinctKeys(threshold, (change) => change.changedFields ?? []),
    );
    if (hit === null) return null;
    const fieldList = [...fieldsIn(hit.largest.events)].sort();
    return {
      ...accountFinding(context, event.accountId),
      groupKey: `account:${event.accountId}`,
      values: { distinctFields: fieldList.length, fields: fieldList.join(',') },
      ...windowEvidence(hit),
      magnitude: fieldList.length,
      explanation: `${fieldList.length} personal-data fields changed within ${windowMinutes} minutes (${fieldList.join(', ')}; threshold ${threshold}).`,
    };
  },
};
