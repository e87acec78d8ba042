import type { DetectionEvent, EventKind } from '../detection-event.js';
import { byEventTime, eventsAround, ids, param, satisfiedWindows, windowsContaining, type RuleEvaluator } from './evaluator.js';

const TAKEOVER_STEPS: readonly EventKind[] = ['PASSWORD_RESET', 'DEVICE_ADDED', 'CONTACT_CHANGED'];

function hasEvery(events: readonly DetectionEvent[], kinds: readonly EventKind[]): boolean {
  return kinds.every((kind) => events.some((candidate) => candidate.kinds.includes(kind)));
}

export const takeoverChain: RuleEvaluator = {
  ruleId: 'takeover-chain',
  async evaluate(event, context) {
    const windowMinutes = param(context, 'windowMinutes');
    const steps = await Promise.all(
      TAKEOVER_STEPS.map((kind) => eventsAround(context, event, kind, windowMinutes, { accountId: event.accountId })),
    );
    const merged = new Map<string, DetectionEvent>();
    for (const found of steps) for (const candidate of found) merged.set(candidate.eventId, candidate);
    const hit = satisfiedWindows(windowsContaining(event, [...merged.values()], windowMinutes), (window) =>
      hasEvery(window.events, TAKEOVER_STEPS),
    );
    if (hit === null) return null;
    const count = (kind: EventKind) => hit.union.filter((candidate) => candidate.kinds.includes(kind)).length;
    return {
      ruleId: 'takeover-chain',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}`,
      values: {
        passwordResets: count('PASSWORD_RESET'),
        newDevices: count('DEVICE_ADDED'),
        contactChanges: count('CONTACT_CHANGED'),
      },
      evidenceEventIds: ids([...hit.union].sort(byEventTime)),
      firedAt: hit.firedAt,
      triggerEventIds: hit.triggers,
      magnitude: hit.union.length,
      explanation: `Password reset, new device and contact change on this account within ${windowMinutes / 60} hours: the pattern of an account takeover.`,
    };
  },
};

export const resetFlood: RuleEvaluator = {
  ruleId: 'reset-flood',
  async evaluate(event, context) {
    const threshold = param(context, 'threshold');
    const windowMinutes = param(context, 'windowMinutes');
    const requests = await eventsAround(context, event, 'RESET_OR_UNLOCK_REQUESTED', windowMinutes, {
      accountId: event.accountId,
    });
    const hit = satisfiedWindows(
      windowsContaining(event, requests, windowMinutes),
      (window) => window.events.length >= threshold,
    );
    if (hit === null) return null;
    const count = hit.largest.events.length;
    return {
      ruleId: 'reset-flood',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}`,
      values: { requests: count },
      evidenceEventIds: ids(hit.union),
      firedAt: hit.firedAt,
      triggerEventIds: hit.triggers,
      magnitude: count,
      explanation: `${count} password-reset or unlock requests within ${windowMinutes} minutes (threshold ${threshold}).`,
    };
  },
};

function fieldsIn(events: readonly DetectionEvent[]): Set<string> {
  return new Set(events.flatMap((candidate) => candidate.changedFields ?? []));
}

export const rapidProfileChanges: RuleEvaluator = {
  ruleId: 'rapid-profile-changes',
  async evaluate(event, context) {
    const threshold = param(context, 'distinctFields');
    const windowMinutes = param(context, 'windowMinutes');
    const changes = await eventsAround(context, event, 'PROFILE_CHANGED', windowMinutes, { accountId: event.accountId });
    const hit = satisfiedWindows(
      windowsContaining(event, changes, windowMinutes),
      (window) => fieldsIn(window.events).size >= threshold,
      (window) => fieldsIn(window.events).size,
    );
    if (hit === null) return null;
    const fieldList = [...fieldsIn(hit.largest.events)].sort();
    return {
      ruleId: 'rapid-profile-changes',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}`,
      values: { distinctFields: fieldList.length, fields: fieldList.join(',') },
      evidenceEventIds: ids(hit.union),
      firedAt: hit.firedAt,
      triggerEventIds: hit.triggers,
      magnitude: fieldList.length,
      explanation: `${fieldList.length} personal-data fields changed within ${windowMinutes} minutes (${fieldList.join(', ')}; threshold ${threshold}).`,
    };
  },
};
