import type { DetectionEvent } from '../detection-event.js';
import type { EvaluationContext } from './rule.js';

/** Helpers shared by the credential-attack rules (brute force, spray, stuffing). */
export function notAllowlisted(context: EvaluationContext, events: DetectionEvent[]): DetectionEvent[] {
  return events.filter((candidate) => !context.allowlist.contains(candidate.ip));
}

export function attemptsPerAccount(events: readonly DetectionEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const candidate of events) counts.set(candidate.accountId, (counts.get(candidate.accountId) ?? 0) + 1);
  return counts;
}

/** Accounts tried at most `maxPerAccount` times: more tries on one account is brute force, not spraying. */
export function lightlyTried(events: readonly DetectionEvent[], maxPerAccount: number): string[] {
  return [...attemptsPerAccount(events)].filter(([, attempts]) => attempts <= maxPerAccount).map(([accountId]) => accountId);
}
