import type { RuleId } from '../rule-catalog.js';
import { rapidProfileChanges, resetFlood, takeoverChain } from './account-changes.js';
import { accountBruteForce, bruteForce, credentialStuffing, passwordSpray } from './credential-attacks.js';
import type { RuleEvaluator } from './evaluator.js';
import { impossibleTravel, newDeviceOrCountry } from './login-context.js';
import { mfaFatigue } from './mfa-fatigue.js';
import { recoveryAbuse } from './recovery-abuse.js';
import { successAfterAttack } from './success-after-attack.js';
import { thirdPartyDenied, thirdPartyGrant } from './third-party-grant.js';
import { unusualTransaction } from './transactions.js';

export type { EvaluationContext, RuleEvaluator } from './evaluator.js';

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
