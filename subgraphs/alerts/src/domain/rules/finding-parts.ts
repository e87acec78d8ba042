import type { RuleFinding } from '../finding.js';
import type { EvaluationContext } from './rule.js';
import { ids, type SatisfiedWindows } from './window-helpers.js';

/* The parts of a finding that every rule fills the same way, so each rule file writes only its own numbers. */

/** A finding about one account: the rule and its severity for the tenant, the account as subject and only relation. */
export function accountFinding(
  context: EvaluationContext,
  accountId: string,
): Pick<RuleFinding, 'ruleId' | 'severity' | 'accountId' | 'relatedAccountIds'> {
  return { ruleId: context.rule.id, severity: context.rule.severity, accountId, relatedAccountIds: [accountId] };
}

/** What satisfied windows say: the evidence (bounded, newest kept), when the rule fired, the events closing them. */
export function windowEvidence(hit: SatisfiedWindows): Pick<RuleFinding, 'evidenceEventIds' | 'firedAt' | 'triggerEventIds'> {
  return { evidenceEventIds: ids(hit.union), firedAt: hit.firedAt, triggerEventIds: hit.triggers };
}
