import type { DetectionRule, DetectionRuleDefinition, ExampleEvent } from './rule.js';
import { range } from './examples.js';
import { eventsAround, param, windowsReaching, MAX_WINDOW_EVENTS } from './window-helpers.js';
import { accountFinding, windowEvidence } from './finding-parts.js';

const resetRequest = (minute: number): ExampleEvent => ({
  minute,
  type: 'user.account.password_reset.requested',
  category: 'security',
});

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'reset-flood',
  name: 'Reset or unlock request flood',
  description: 'Many password-reset or unlock requests for one account in an hour.',
  sources: [
    {
      title: 'OWASP Forgot Password Cheat Sheet',
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Forgot_Password_Cheat_Sheet.html',
    },
    { title: 'MITRE ATT&CK T1110: Brute Force', url: 'https://attack.mitre.org/techniques/T1110/' },
  ],
  severity: 'MEDIUM',
  enabled: true,
  mode: 'ALERT',
  params: { threshold: 5, windowMinutes: 60 },
  countedParams: { threshold: MAX_WINDOW_EVENTS },
  lists: {},
  suppressionMinutes: 60,
  triggers: ['RESET_OR_UNLOCK_REQUESTED'],
  usesIpAllowlist: false,
};

export const resetFlood: DetectionRule = {
  definition,
  examples: {
    fires: range(6).map((i) => resetRequest(i * 5)),
    quiet: [...range(4).map((i) => resetRequest(i * 5)), resetRequest(120)],
  },
  async evaluate(event, context) {
    const threshold = param(context, 'threshold');
    const windowMinutes = param(context, 'windowMinutes');
    const requests = await eventsAround(context, event, 'RESET_OR_UNLOCK_REQUESTED', windowMinutes, {
      accountId: event.accountId,
    });
    const hit = windowsReaching(event, requests, windowMinutes, threshold);
    if (hit === null) return null;
    const count = hit.largest.events.length;
    return {
      ...accountFinding(context, event.accountId),
      groupKey: `account:${event.accountId}`,
      values: { requests: count },
      ...windowEvidence(hit),
      magnitude: count,
      explanation: `${count} password-reset or unlock requests within ${windowMinutes} minutes (threshold ${threshold}).`,
    };
  },
};
