import type { EventKind } from '../detection-event.js';
import { eventsOf, ids, param, type RuleEvaluator } from './evaluator.js';

const TAKEOVER_STEPS: readonly EventKind[] = ['PASSWORD_RESET', 'DEVICE_ADDED', 'CONTACT_CHANGED'];

export const takeoverChain: RuleEvaluator = {
  ruleId: 'takeover-chain',
  async evaluate(event, context) {
    const windowMinutes = param(context, 'windowMinutes');
    const steps = await Promise.all(
      TAKEOVER_STEPS.map((kind) => eventsOf(context, event, kind, windowMinutes, { accountId: event.accountId })),
    );
    if (steps.some((found) => found.length === 0)) return null;
    const [resets = [], devices = [], contacts = []] = steps;
    const evidence = [...resets, ...devices, ...contacts].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    return {
      ruleId: 'takeover-chain',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}`,
      values: { passwordResets: resets.length, newDevices: devices.length, contactChanges: contacts.length },
      evidenceEventIds: ids(evidence),
      explanation: `Password reset, new device and contact change on this account within ${windowMinutes / 60} hours: the pattern of an account takeover.`,
    };
  },
};

export const resetFlood: RuleEvaluator = {
  ruleId: 'reset-flood',
  async evaluate(event, context) {
    const threshold = param(context, 'threshold');
    const windowMinutes = param(context, 'windowMinutes');
    const requests = await eventsOf(context, event, 'RESET_OR_UNLOCK_REQUESTED', windowMinutes, { accountId: event.accountId });
    if (requests.length < threshold) return null;
    return {
      ruleId: 'reset-flood',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}`,
      values: { requests: requests.length },
      evidenceEventIds: ids(requests),
      explanation: `${requests.length} password-reset or unlock requests within ${windowMinutes} minutes (threshold ${threshold}).`,
    };
  },
};

export const rapidProfileChanges: RuleEvaluator = {
  ruleId: 'rapid-profile-changes',
  async evaluate(event, context) {
    const threshold = param(context, 'distinctFields');
    const windowMinutes = param(context, 'windowMinutes');
    const changes = await eventsOf(context, event, 'PROFILE_CHANGED', windowMinutes, { accountId: event.accountId });
    const fields = new Set(changes.flatMap((candidate) => candidate.changedFields ?? []));
    if (fields.size < threshold) return null;
    const fieldList = [...fields].sort();
    return {
      ruleId: 'rapid-profile-changes',
      severity: context.rule.severity,
      accountId: event.accountId,
      relatedAccountIds: [event.accountId],
      groupKey: `account:${event.accountId}`,
      values: { distinctFields: fields.size, fields: fieldList.join(',') },
      evidenceEventIds: ids(changes),
      explanation: `${fields.size} personal-data fields changed within ${windowMinutes} minutes (${fieldList.join(', ')}; threshold ${threshold}).`,
    };
  },
};
