import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RecoveryCommandDeps } from '../../application/case-command.js';
import { completePasswordReset, issuePasswordReset } from '../../application/password-reset.js';
import { checkVerificationCode, sendVerificationCode } from '../../application/verification-code.js';
import { recordVerification } from '../../application/verification.js';
import { checkLength, checkPattern } from '../inputs/arg-checks.js';
import { RecordVerificationInput } from '../inputs/case.inputs.js';
import type { RecoveryContext } from '../loaders/recovery-loaders.js';
import { toCaseView, toSentView } from '../mappers/case-view.js';
import { RecoveryCaseType } from '../types/case.types.js';
import { PasswordResetIssuedType, VerificationCodeSentType } from '../types/command-results.types.js';
import { DeliveryChannelEnum } from '../types/enums.js';

/** Identity verification and the password reset: thin, every rule lives in the commands and the domain. */
@Resolver()
export class VerificationMutationResolver {
  constructor(private readonly commands: RecoveryCommandDeps) {}

  @Mutation(() => RecoveryCaseType, {
    description: 'Security questions, document check, knowledge-based questions or call-back, as the agent observed it.',
  })
  async recordVerification(
    @Arg('input', () => RecordVerificationInput) input: RecordVerificationInput,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    const { caseId, ...attempt } = input;
    return toCaseView(await recordVerification(this.commands, ctx.identity, caseId, attempt));
  }

  @Mutation(() => VerificationCodeSentType, { description: "Sends a one-time code to the account's registered channel." })
  async sendVerificationCode(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('channel', () => DeliveryChannelEnum, { nullable: true }) channel: 'EMAIL' | 'SMS' | undefined,
    @Ctx() ctx: RecoveryContext,
  ): Promise<VerificationCodeSentType> {
    const sent = await sendVerificationCode(this.commands, ctx.identity, caseId, channel ?? undefined);
    return { challengeId: sent.challengeId, ...toSentView(sent) };
  }

  @Mutation(() => RecoveryCaseType, {
    description: 'Checks the code the customer read back; the check is a verification attempt.',
  })
  async checkVerificationCode(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('challengeId', () => ID) challengeId: string,
    @Arg('code') code: string,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    checkPattern('code', code, /^\d{4,10}$/, 'must be 4 to 10 digits');
    return toCaseView(await checkVerificationCode(this.commands, ctx.identity, caseId, challengeId, code));
  }

  @Mutation(() => PasswordResetIssuedType, {
    description: 'VERIFIED case: a single-use, expiring reset link to the registered channel.',
  })
  async issuePasswordReset(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('channel', () => DeliveryChannelEnum, { nullable: true }) channel: 'EMAIL' | 'SMS' | undefined,
    @Ctx() ctx: RecoveryContext,
  ): Promise<PasswordResetIssuedType> {
    const issued = await issuePasswordReset(this.commands, ctx.identity, caseId, channel ?? undefined);
    return { grantId: issued.grantId, ...toSentView(issued) };
  }

  @Mutation(() => RecoveryCaseType, {
    description: 'INGEST (identity provider / reset portal): the customer used the link; resolves the case.',
  })
  async completePasswordReset(
    @Arg('caseId', () => ID) caseId: string,
    @Arg('grantId', () => ID) grantId: string,
    @Arg('token') token: string,
    @Ctx() ctx: RecoveryContext,
  ): Promise<RecoveryCaseType> {
    checkLength('token', token, 20, 200);
    return toCaseView(await completePasswordReset(this.commands, ctx.identity, caseId, grantId, token));
  }
}
