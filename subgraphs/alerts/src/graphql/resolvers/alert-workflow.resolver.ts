import { badUserInput } from '@vigil/core';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { allowedTransitions } from '../../domain/alert-lifecycle.js';
import type { AlertStatus } from '../../domain/alert-lifecycle.js';
import type { AlertWorkflow } from '../../application/alert-workflow.js';
import { AlertStatusEnum } from '../types/enums.js';
import type { AlertsContext } from '../loaders/loaders.js';
import { toAlert } from '../mappers/alert.mapper.js';
import { Alert } from '../types/alert.types.js';

const SUBJECT = /^[A-Za-z0-9._:@-]{1,128}$/;

/** The analyst workflow beyond acknowledge/close: reopen, assign, comment; and what each alert may become. */
@Resolver(() => Alert)
export class AlertWorkflowResolver {
  constructor(private readonly workflow: AlertWorkflow) {}

  @FieldResolver(() => [AlertStatusEnum], { description: 'The statuses this alert may move to now (the actions to offer).' })
  allowedTransitions(@Root() alert: Alert): readonly AlertStatus[] {
    return alert.mode === 'AUDIT_ONLY' ? [] : allowedTransitions(alert.status, alert.history.length);
  }

  @Mutation(() => Alert, {
    description:
      'Closed → OPEN with a reason (the attack was not over, the verdict was wrong). An alert records at most 100 status changes: a reopen that would leave no room for its next close is refused (CONFLICT); new activity then raises a new alert.',
  })
  async reopenAlert(
    @Ctx() context: AlertsContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
  ): Promise<Alert> {
    if (reason.length > 2_000) throw badUserInput('reason is limited to 2000 characters.', { reason: 'max 2000' });
    return toAlert(await this.workflow.reopen(context.identity, id, reason));
  }

  @Mutation(() => Alert, {
    description:
      'Assigns the alert to an agent of its tenant (their subject id; NOT_FOUND for anyone else), or unassigns it with null.',
  })
  async assignAlert(
    @Ctx() context: AlertsContext,
    @Arg('id', () => ID) id: string,
    @Arg('assignee', () => String, { nullable: true }) assignee?: string | null,
  ): Promise<Alert> {
    if (assignee != null && !SUBJECT.test(assignee)) {
      throw badUserInput('assignee is a subject id: 1–128 letters, digits or ._:@-', { assignee: 'subject id' });
    }
    return toAlert(await this.workflow.assign(context.identity, id, assignee ?? null));
  }

  @Mutation(() => Alert, { description: 'Adds a note to the alert (1–2000 characters; at most 200 per alert).' })
  async commentOnAlert(
    @Ctx() context: AlertsContext,
    @Arg('id', () => ID) id: string,
    @Arg('text', () => String) text: string,
  ): Promise<Alert> {
    return toAlert(await this.workflow.comment(context.identity, id, text));
  }
}
