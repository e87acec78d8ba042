import { randomUUID } from 'node:crypto';
import { conflictWith, notAllowed, type Identity } from '@vigil/core/domain';
import { assertResetRedeemable, issueResetToken, type RegisteredChannel } from '../domain/reset-token.js';
import { transition } from '../domain/case-lifecycle.js';
import { emitAction, moveCase, personOf } from './case-draft.js';
import { changeCase, writeCase, type RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';
import { agentResponded } from './case-sla.js';
import { deliverAndRecord } from './recorded-delivery.js';
import { caseAndRegisteredChannel, contactCoolingOff, withheldMetadata } from './registered-channel.js';

export interface ResetIssued {
  readonly grantId: string;
  readonly expiresAt: Date;
  readonly channel: RegisteredChannel;
  readonly record: RecoveryCaseRecord;
}

/**
 * Issues a single-use reset link to the registered channel; the case must be VERIFIED. The grant and RESET_ISSUED are
 * recorded first, so a second link cannot be issued meanwhile; `reset.issued` only once the mail server took the link,
 * otherwise `reset.delivery_failed`, the link does not work and the case is VERIFIED again (ADR 135). No link goes to
 * an address changed within the cooling-off (ADR 150): the case records `reset.withheld` and the caller gets CONFLICT.
 */
export async function issuePasswordReset(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  channelType: RegisteredChannel['type'] | undefined,
): Promise<ResetIssued> {
  const { current, channel, hold } = await caseAndRegisteredChannel(
    deps,
    identity,
    caseId,
    channelType,
    ' to send a reset link to.',
  );
  const { pepper, resetTtlMs, resetLinkBaseUrl } = deps.secrets;
  const { result, record } = await writeCase(deps, identity, current, (draft, now, settings) => {
    if (draft.contactChanges.some((c) => c.status === 'PENDING')) {
      throw conflictWith('A contact change on this case awaits a supervisor decision; decide it before issuing a reset.');
    }
    if (hold) {
      // Only a reset that would otherwise be issued is recorded as withheld: the case's own refusals come first.
      transition(draft.status, 'RESET_ISSUED', personOf(identity), 'password reset link issued', now);
      emitAction(draft, identity.subject, 'reset.withheld', now, withheldMetadata(channel, hold));
      return undefined;
    }
    const issued = issueResetToken(pepper, { caseId: draft._id, grantId: randomUUID() }, channel, now, resetTtlMs);
    moveCase(draft, 'RESET_ISSUED', personOf(identity), 'password reset link issued', settings.sla, now);
    draft.resetGrants.push(issued.grant);
    return issued;
  });
  if (!result) throw contactCoolingOff(deps, channel, hold!, 'reset link');
  const { grant } = result;
  const link = new URL(resetLinkBaseUrl);
  link.searchParams.set('case', caseId);
  link.searchParams.set('grant', grant.id);
  link.searchParams.set('token', result.token);
  const message = {
    kind: 'PASSWORD_RESET_LINK',
    tenantId: current.tenantId,
    accountId: current.accountId,
    channel,
    link: link.toString(),
    expiresAt: grant.expiresAt,
  } as const;
  const sent = await deliverAndRecord(deps, record, message, 'reset link', (draft, delivery, now, settings) => {
    const index = draft.resetGrants.findIndex((g) => g.id === grant.id);
    if (index >= 0) draft.resetGrants[index] = { ...draft.resetGrants[index]!, delivery };
    const metadata = { grantId: grant.id, channelType: channel.type };
    if (delivery === 'SENT') {
      agentResponded(draft, settings.sla, now);
      emitAction(draft, identity.subject, 'reset.issued', now, { ...metadata, expiresAt: grant.expiresAt.toISOString() });
      return;
    }
    // Waiting in RESET_ISSUED for a link nobody received would only end when it expired.
    if (draft.status === 'RESET_ISSUED' && draft.resetGrants.at(-1)?.id === grant.id) {
      moveCase(draft, 'VERIFIED', { kind: 'system' }, "the password reset link's email failed", settings.sla, now);
    }
    emitAction(draft, identity.subject, 'reset.delivery_failed', now, { ...metadata, delivery });
  });
  return { grantId: grant.id, expiresAt: grant.expiresAt, channel, record: sent };
}

/** The identity provider (or reset portal) reports the customer used the link: the case is resolved. */
export function completePasswordReset(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  grantId: string,
  token: string,
): Promise<RecoveryCaseRecord> {
  return changeCase(deps, identity, caseId, (draft, now, settings) => {
    const index = draft.resetGrants.findIndex((g) => g.id === grantId);
    if (index < 0) throw notAllowed('This reset link is not valid.');
    assertResetRedeemable(deps.secrets.pepper, draft.resetGrants[index]!, token, now);
    draft.resetGrants[index] = { ...draft.resetGrants[index]!, redeemedAt: now };
    moveCase(draft, 'RESOLVED', { kind: 'system' }, 'customer completed the password reset', settings.sla, now);
  });
}
