import type { DetectionEvent } from '../detection-event.js';
import type { RuleFinding } from '../finding.js';
import { accountEvents, byEventTime, findings, minutesAfter, minutesBefore, param } from './window-helpers.js';
import type { DetectionRule, DetectionRuleDefinition, ExampleEvent, EvaluationContext } from './rule.js';
import { range } from './examples.js';
import { accountFinding } from './finding-parts.js';

const payment = (minute: number, amount: number): ExampleEvent => ({
  minute,
  type: 'transaction.payment.created',
  metadata: { amount },
});

/** Most earlier transactions one judgement reads (so `minHistory` can be at most this). */
const MAX_TRANSACTION_HISTORY = 1_000;

/** The rule as data: defaults a tenant may override, and what they are based on. */
const definition: DetectionRuleDefinition = {
  id: 'unusual-transaction',
  name: 'Unusual transaction amount',
  description: "A transaction amount far above the account's history (z-score), once there is enough history to judge.",
  sources: [
    { title: 'Standard score (z-score)', url: 'https://en.wikipedia.org/wiki/Standard_score' },
    { title: 'MITRE ATT&CK T1657: Financial Theft', url: 'https://attack.mitre.org/techniques/T1657/' },
  ],
  severity: 'MEDIUM',
  enabled: true,
  mode: 'ALERT',
  params: { zScore: 3, minHistory: 10, lookbackDays: 90 },
  countedParams: { minHistory: MAX_TRANSACTION_HISTORY },
  lists: {},
  suppressionMinutes: 60,
  triggers: ['TRANSACTION'],
  usesIpAllowlist: false,
};

async function transactions(
  event: DetectionEvent,
  context: EvaluationContext,
  since: Date,
  until: Date,
): Promise<DetectionEvent[]> {
  const found = await accountEvents(context, event, 'TRANSACTION', { since, until }, MAX_TRANSACTION_HISTORY);
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
    ...accountFinding(context, event.accountId),
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

export const unusualTransaction: DetectionRule = {
  definition,
  examples: {
    fires: [...range(10).map((i) => payment(i * 60, 100 + (i % 3))), payment(900, 10_000)],
    quiet: range(11).map((i) => payment(i * 60, 100 + (i % 3))),
  },
  async evaluate(event, context) {
    if (event.amount === undefined) return null;
    const later = (await transactions(event, context, event.occurredAt, minutesAfter(event.occurredAt, context.latenessMinutes)))
      .filter((candidate) => byEventTime(candidate, event) > 0)
      .slice(0, REJUDGED_TRANSACTIONS);
    return findings(await Promise.all([event, ...later].map((transaction) => judge(transaction, context))));
  },
};
