import { eventsOf, param, type RuleEvaluator } from './evaluator.js';

/**
 * Amount z-score against the account's earlier transactions. The standard deviation has a floor
 * (1% of the mean, at least 0.01) so that an account that always pays the same amount still flags a
 * large outlier instead of dividing by zero.
 */
export const unusualTransaction: RuleEvaluator = {
  ruleId: 'unusual-transaction',
  async evaluate(event, context) {
    if (event.amount === undefined) return null;
    const minHistory = param(context, 'minHistory');
    const threshold = param(context, 'zScore');
    const earlier = (
      await eventsOf(context, event, 'TRANSACTION', param(context, 'lookbackDays') * 1_440, {
        accountId: event.accountId,
        limit: 1_000,
      })
    ).filter((candidate) => candidate.eventId !== event.eventId && candidate.amount !== undefined);
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
      explanation: `Amount ${event.amount} is ${round(z)} standard deviations above this account's mean of ${round(mean)} over ${amounts.length} transactions (threshold ${threshold}).`,
    };
  },
};
