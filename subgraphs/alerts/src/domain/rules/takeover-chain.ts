import type { DetectionEvent, EventKind } from '../detection-event.js';
import type { DetectionRule, DetectionRuleDefinition } from './rule.js';
import { contactChange } from './examples.js';
import { byEventTime, eventsAround, ids, param, satisfiedWindowsAround } from './window-helpers.js';
import { everyKind } from './window-tallies.js';
import { accountFinding } from './finding-parts.js';

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'takeover-chain',
  name: 'Account takeover chain',
  description: 'Password reset, a new device and a contact email/phone change on one account within a day.',
  sources: [
    { title: 'MITRE ATT&CK T1098: Account Manipulation', url: 'https://attack.mitre.org/techniques/T1098/' },
    {
      title: 'OWASP Forgot Password Cheat Sheet',
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Forgot_Password_Cheat_Sheet.html',
    },
  ],
  severity: 'CRITICAL',
  enabled: true,
  mode: 'ALERT',
  params: { windowMinutes: 1_440 },
  lists: {},
  suppressionMinutes: 1_440,
  triggers: ['PASSWORD_RESET', 'DEVICE_ADDED', 'CONTACT_CHANGED'],
  usesIpAllowlist: false,
};

const TAKEOVER_STEPS: readonly EventKind[] = ['PASSWORD_RESET', 'DEVICE_ADDED', 'CONTACT_CHANGED'];

export const takeoverChain: DetectionRule = {
  definition,
  examples: {
    fires: [
      { minute: 0, type: 'user.account.password_reset.completed' },
      { minute: 30, type: 'security.device.added', deviceId: 'attacker-phone' },
      contactChange(60, 'email'),
    ],
    quiet: [
      { minute: 0, type: 'user.account.password_reset.completed' },
      { minute: 30, type: 'security.device.added', deviceId: 'new-phone' },
    ],
  },
  async evaluate(event, context) {
    const windowMinutes = param(context, 'windowMinutes');
    const steps = await Promise.all(
      TAKEOVER_STEPS.map((kind) => eventsAround(context, event, kind, windowMinutes, { accountId: event.accountId })),
    );
    const merged = new Map<string, DetectionEvent>();
    for (const found of steps) for (const candidate of found) merged.set(candidate.eventId, candidate);
    const hit = satisfiedWindowsAround(event, [...merged.values()], windowMinutes, everyKind(TAKEOVER_STEPS));
    if (hit === null) return null;
    const count = (kind: EventKind) => hit.union.filter((candidate) => candidate.kinds.includes(kind)).length;
    return {
      ...accountFinding(context, event.accountId),
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
