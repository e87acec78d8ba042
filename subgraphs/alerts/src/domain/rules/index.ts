import type { DetectionRuleDefinition, RuleId } from '../rule-catalog.js';
import { accountBruteForce, accountBruteForceDefinition } from './account-brute-force.js';
import { bruteForce, bruteForceDefinition } from './brute-force.js';
import { credentialStuffing, credentialStuffingDefinition } from './credential-stuffing.js';
import type { RuleEvaluator } from './evaluator.js';
import { impossibleTravel, impossibleTravelDefinition } from './impossible-travel.js';
import { mfaFatigue, mfaFatigueDefinition } from './mfa-fatigue.js';
import { newDeviceOrCountry, newDeviceOrCountryDefinition } from './new-device-or-country.js';
import { passwordSpray, passwordSprayDefinition } from './password-spray.js';
import { rapidProfileChanges, rapidProfileChangesDefinition } from './rapid-profile-changes.js';
import { recoveryAbuse, recoveryAbuseDefinition } from './recovery-abuse.js';
import { resetFlood, resetFloodDefinition } from './reset-flood.js';
import { successAfterAttack, successAfterAttackDefinition } from './success-after-attack.js';
import { takeoverChain, takeoverChainDefinition } from './takeover-chain.js';
import { thirdPartyDenied, thirdPartyDeniedDefinition } from './third-party-denied.js';
import { thirdPartyGrant, thirdPartyGrantDefinition } from './third-party-grant.js';
import { unusualTransaction, unusualTransactionDefinition } from './unusual-transaction.js';

export type { EvaluationContext, RuleEvaluator } from './evaluator.js';

/** One file per rule: its definition (data a tenant tunes) and its evaluator, in catalog order. */
export const RULE_DEFINITIONS: readonly DetectionRuleDefinition[] = [
  bruteForceDefinition,
  accountBruteForceDefinition,
  passwordSprayDefinition,
  credentialStuffingDefinition,
  successAfterAttackDefinition,
  mfaFatigueDefinition,
  impossibleTravelDefinition,
  newDeviceOrCountryDefinition,
  takeoverChainDefinition,
  resetFloodDefinition,
  recoveryAbuseDefinition,
  rapidProfileChangesDefinition,
  unusualTransactionDefinition,
  thirdPartyGrantDefinition,
  thirdPartyDeniedDefinition,
];

/** One evaluator per rule in the catalog; the type makes a missing one a compile error. */
export const EVALUATORS: Readonly<Record<RuleId, RuleEvaluator>> = {
  'brute-force': bruteForce,
  'account-brute-force': accountBruteForce,
  'password-spray': passwordSpray,
  'credential-stuffing': credentialStuffing,
  'success-after-attack': successAfterAttack,
  'mfa-fatigue': mfaFatigue,
  'impossible-travel': impossibleTravel,
  'new-device-or-country': newDeviceOrCountry,
  'takeover-chain': takeoverChain,
  'reset-flood': resetFlood,
  'recovery-abuse': recoveryAbuse,
  'rapid-profile-changes': rapidProfileChanges,
  'unusual-transaction': unusualTransaction,
  'third-party-grant': thirdPartyGrant,
  'third-party-denied': thirdPartyDenied,
};
