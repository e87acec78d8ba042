import type { RuleId } from '../rule-catalog.js';
import { accountBruteForce } from './account-brute-force.js';
import { bruteForce } from './brute-force.js';
import { credentialStuffing } from './credential-stuffing.js';
import { impossibleTravel } from './impossible-travel.js';
import { mfaFatigue } from './mfa-fatigue.js';
import { newDeviceOrCountry } from './new-device-or-country.js';
import { passwordSpray } from './password-spray.js';
import { rapidProfileChanges } from './rapid-profile-changes.js';
import { recoveryAbuse } from './recovery-abuse.js';
import { resetFlood } from './reset-flood.js';
import type { DetectionRule, DetectionRuleDefinition } from './rule.js';
import { successAfterAttack } from './success-after-attack.js';
import { takeoverChain } from './takeover-chain.js';
import { thirdPartyDenied } from './third-party-denied.js';
import { thirdPartyGrant } from './third-party-grant.js';
import { unusualTransaction } from './unusual-transaction.js';

export type { DetectionRule, DetectionRuleDefinition, EvaluationContext, ResolvedRule, RuleSource } from './rule.js';

/** The catalog, in RULE_IDS order: one file per rule holds its definition, sources, examples and evaluator. */
export const RULES: readonly DetectionRule[] = [
  bruteForce,
  accountBruteForce,
  passwordSpray,
  credentialStuffing,
  successAfterAttack,
  mfaFatigue,
  impossibleTravel,
  newDeviceOrCountry,
  takeoverChain,
  resetFlood,
  recoveryAbuse,
  rapidProfileChanges,
  unusualTransaction,
  thirdPartyGrant,
  thirdPartyDenied,
];

/** The defaults a tenant starts from (and may override). */
export const DEFAULT_RULES: readonly DetectionRuleDefinition[] = RULES.map((rule) => rule.definition);

const BY_ID = new Map<RuleId, DetectionRule>(RULES.map((rule) => [rule.definition.id, rule]));

/** The rule with this id; every RuleId has one (the catalog test checks it). */
export function ruleById(id: RuleId): DetectionRule {
  const rule = BY_ID.get(id);
  if (rule === undefined) throw new Error(`no rule ${id} in the catalog`);
  return rule;
}
