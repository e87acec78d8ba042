import { randomUUID } from 'node:crypto';
import { missing, type Identity } from '@vigil/core/domain';
import { countsAgainstCodeLimit } from '../domain/delivery-outcome.js';
import { assertOtpSendAllowed, checkOtp, issueOtp } from '../domain/otp.js';
import type { RegisteredChannel } from '../domain/reset-token.js';
import { emitAction, moveCase, personOf } from './case-draft.js';
import { lockedForAccountFailures, otherCasesOfAccount, otherFailuresOf } from './account-lock.js';
import { writeCase, type RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';
import { agentResponded } from './case-sla.js';
import { deliverAndRecord } from './recorded-delivery.js';
import { caseAndRegisteredChannel, contactCoolingOff, withheldMetadata } from './registered-channel.js';
import { applyAttempt, assertVerifiable } from './verification.js';

export interface CodeSent {
  readonly challengeId: string;
  readonly expiresAt: Date;
  readonly channel: RegisteredChannel;
  readonly record: RecoveryCaseRecord;
}

/**
 * Sends a one-time code to the account's registered channel (never one given during the call); rate-limited per
 * account, the codes of its other cases included (ADR 129). The challenge is recorded first, so concurrent sends
 * count against each other; `verification.otp_sent` only once the mail server took the code, otherwise
 * `verification.otp_delivery_failed` and the code does not work (ADR 135). No code goes to an address changed within the
 * cooling-off (ADR 150): the case records `verification.otp_withheld` and the caller gets CONFLICT.
 */
export async function sendVerificationCode(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  channelType: RegisteredChannel['type'] | undefined,
): Promise<CodeSent> {
  const { current, channel, hold } = await caseAndRegisteredChannel(
    deps,
    identity,
    caseId,
    channelType,
    '; use another verification method.',
  );
  const { otp, pepper } = deps.secrets;
  const since = new Date(deps.clock().getTime() - otp.sendWindowMs);
  const elsewhere = await deps.reads.codesIssuedOnOtherCases(current.tenantId, current.accountId, current._id, since);
  const { result, record } = await writeCase(deps, identity, current, (draft, now, settings) => {
    assertVerifiable(draft, settings, 'OTP');
    const counted = draft.otpChallenges.filter((c) => countsAgainstCodeLimit(c.delivery)).map((c) => c.issuedAt);
    assertOtpSendAllowed(otp, [...counted, ...elsewhere], now);
    if (hold) {
      // Recorded after the case's own refusals, so only a code that would otherwise be sent is audited as withheld.
      emitAction(draft, identity.subject, 'verification.otp_withheld', now, withheldMetadata(channel, hold));
      return undefined;
    }
    const issued = issueOtp(otp, pepper, { caseId: draft._id, challengeId: randomUUID() }, now);
    draft.otpChallenges.push(issued.challenge);
    if (draft.status !== 'VERIFYING') {
      moveCase(draft, 'VERIFYING', personOf(identity), 'verification started: sending a code', settings.sla, now);
    }
    return issued;
  });
  if (!result) throw contactCoolingOff(deps, channel, hold!, 'code');
  const challengeId = result.challenge.id;
  const message = {
    kind: 'VERIFICATION_CODE',
    tenantId: current.tenantId,
    accountId: current.accountId,
    channel,
    code: result.code,
    expiresAt: result.challenge.expiresAt,
  } as const;
  const sent = await deliverAndRecord(deps, record, message, 'code', (draft, delivery, now, settings) => {
    const index = draft.otpChallenges.findIndex((c) => c.id === challengeId);
    if (index >= 0) draft.otpChallenges[index] = { ...draft.otpChallenges[index]!, delivery };
    const metadata = { challengeId, channelType: channel.type };
    if (delivery === 'SENT') {
      agentResponded(draft, settings.sla, now);
      emitAction(draft, identity.subject, 'verification.otp_sent', now, metadata);
    } else {
      emitAction(draft, identity.subject, 'verification.otp_delivery_failed', now, { ...metadata, delivery });
    }
  });
  return { challengeId, expiresAt: result.challenge.expiresAt, channel, record: sent };
}

/** The customer reads the code back to the agent; the check is the verification attempt. */
export async function checkVerificationCode(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  challengeId: string,
  code: string,
): Promise<RecoveryCaseRecord> {
  const { otp, pepper } = deps.secrets;
  const current = await deps.store.load(identity, caseId);
  const others = await otherCasesOfAccount(deps, current);
  const { record } = await writeCase(deps, identity, current, (draft, now, settings) => {
    const index = draft.otpChallenges.findIndex((c) => c.id === challengeId);
    if (index < 0) throw missing(`No verification code "${challengeId}" on this case.`);
    assertVerifiable(draft, settings, 'OTP');
    // The account's lock comes before the code is compared: a locked caller learns nothing from it.
    if (lockedForAccountFailures(draft, identity, settings, others, now)) return;
    const challenge = draft.otpChallenges[index]!;
    const check = checkOtp(otp, pepper, challenge, code, now);
    draft.otpChallenges[index] =
      check.result === 'PASSED' ? { ...challenge, consumedAt: now } : { ...challenge, guesses: challenge.guesses + 1 };
    const attempt = { id: randomUUID(), method: 'OTP' as const, result: check.result, agentId: identity.subject, at: now };
    applyAttempt(
      draft,
      identity,
      settings,
      { ...attempt, otpChallengeId: challengeId },
      now,
      otherFailuresOf(draft, others, now),
    );
  });
  return record;
}
