import type { DetectionEvent } from '../detection-event.js';
import type { RuleFinding } from '../finding.js';
import {
  byEventTime,
  findings,
  minutesAfter,
  minutesBefore,
  param,
  type EvaluationContext,
  type RuleEvaluator,
} from './evaluator.js';

async function transactions(
  event: DetectionEvent,
  context: EvaluationContext,
  since: Date,
  until: Date,
): Promise<DetectionEvent[]> {
  const found = await context.history.events({
    tenantId: event.tenantId,
    kind: 'TRANSACTION',
    accountId: event.accountId,
    since,
    until,
    limit: 1_000,
  });
  return found.filter((candidate) => candidate.amount !== undefined);
}

/**
 * Amount z-score against the account's earlier transactions (in event time). The standard deviation has a
 * floor (1% of the mean, at least 0.01) so that an account that always pays the same amount still flags a
 * large outlier instead of dividing by zero.
 */
async function judge(event: DetectionEvent, context: EvaluationContext): Promise<RuleFinding | null> {
  if (event.amount === undefined) return null;
  const minHistory = param(context, 'minHistory');
  const threshold = param(context, 'zScore');
  const since = minutesBefore(event.occurredAt, param(context, 'lookbackDays') * 1_440);
  const earlier = (await transactions(event, context, since, event.occurredAt)).filter(
    (candidate) => byEventTime(candidate, event) < 0,
  );
  if (earlier.length < minHistory) return null;
  const amounts = earlier.map((candidate) => candidate.amount as number);
  const mean = amounts.reduce((sum, amount) => sum + amount, 0) / amounts.length;
  const variance = amounts.reduce((sum, amount) => sum + (amount - mean) ** 2, 0) / amounts.length;
  const deviation = Math.max(Math.sqrt(variance), Math.abs(mean) * 0.01, 0.01);
  const z = (event.amount - mean) / deviation;
  if (z < threshold) return null;
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    ruleId: 'unusual-transaction',
    severity: context.rule.severity,
    accountId: event.accountId,
    relatedAccountIds: [event.accountId],
    groupKey: `account:${event.accountId}`,
    values: {
      amount: event.amount,
      mean: round(mean),
      standardDeviation: round(deviation),
      zScore: round(z),
      history: amounts.length,
    },
    evidenceEventIds: [event.eventId],
    firedAt: event.occurredAt,
    triggerEventId: event.eventId,
    explanation: `Amount ${event.amount} is ${round(z)} standard deviations above this account's mean of ${round(mean)} over ${amounts.length} transactions (threshold ${threshold}).`,
  };
}

/** History shipped late is the baseline of transactions already seen: those after it are judged again. */
const REJUDGED_TRANSACTIONS = 50;

export const unusualTransaction: RuleEvaluator = {
  ruleId: 'unusual-transaction',
  async evaluate(event, context) {
    if (event.amount === undefined) return null;
    const later = (await transactions(event, context, event.occurredAt, minutesAfter(event.occurredAt, context.latenessMinutes)))
      .filter((candidate) => byEventTime(candidate, event) > 0)
      .slice(0, REJUDGED_TRANSACTIONS);
    return findings(await Promise.all([event, ...later].map((transaction) => judge(transaction, context))));
  },
};
