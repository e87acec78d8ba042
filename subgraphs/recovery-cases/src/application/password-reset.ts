import { randomUUID } from 'node:crypto';
import { conflictWith, notAllowed, type Identity } from '@vigil/core/domain';
import { assertResetRedeemable, issueResetToken, type RegisteredChannel } from '../domain/reset-token.js';
import { emitAction, moveCase, personOf } from './case-draft.js';
import { changeCase, writeCase, type RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';
import { agentResponded } from './case-sla.js';
import { caseAndRegisteredChannel } from './registered-channel.js';

export interface ResetIssued {
  readonly grantId: string;
  readonly expiresAt: Date;
  readonly channel: RegisteredChannel;
  readonly record: RecoveryCaseRecord;
}

/** Issues a single-use reset link to the registered channel; the case must be VERIFIED. */
export async function issuePasswordReset(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  channelType: RegisteredChannel['type'] | undefined,
): Promise<ResetIssued> {
  const { current, channel } = await caseAndRegisteredChannel(deps, identity, caseId, channelType, ' to send a reset link to.');
  const { pepper, resetTtlMs, resetLinkBaseUrl } = deps.secrets;
  const { result, record } = await writeCase(deps, identity, current, (draft, now, settings) => {
    if (draft.contactChanges.some((c) => c.status === 'PENDING')) {
      throw conflictWith('A contact change on this case awaits a supervisor decision; decide it before issuing a reset.');
    }
    const issued = issueResetToken(pepper, { caseId: draft._id, grantId: randomUUID() }, channel, now, resetTtlMs);
    moveCase(draft, 'RESET_ISSUED', personOf(identity), 'password reset link issued', settings.sla, now);
    draft.resetGrants.push(issued.grant);
    agentResponded(draft, settings.sla, now);
    emitAction(draft, identity.subject, 'reset.issued', now, {
      grantId: issued.grant.id,
      channelType: channel.type,
      expiresAt: issued.grant.expiresAt.toISOString(),
    });
    return issued;
  });
  const link = new URL(resetLinkBaseUrl);
  link.searchParams.set('case', caseId);
  link.searchParams.set('grant', result.grant.id);
  link.searchParams.set('token', result.token);
  await deps.delivery.deliver({
    kind: 'PASSWORD_RESET_LINK',
    tenantId: current.tenantId,
    accountId: current.accountId,
    channel,
    link: link.toString(),
    expiresAt: result.grant.expiresAt,
  });
  return { grantId: result.grant.id, expiresAt: result.grant.expiresAt, channel, record };
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
