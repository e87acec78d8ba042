import { randomUUID } from 'node:crypto';
import { assertTenantReferences, type Identity, type TenantReferences } from '@vigil/core';
import { conflictWith, invalidInput, refusedTransition } from '@vigil/core/domain';
import { allowedTransitions, planStatusChange, type AlertStatus } from '../domain/alert-lifecycle.js';
import type { AlertRecord } from '../adapters/mongo/alert.model.js';
import type { AlertAnnouncer, AlertStore, KnownCases } from './ports.js';
import type { AlertService } from './alert-service.js';

/** An alert keeps at most this many comments: notes, not a chat log. */
export const MAX_COMMENTS = 200;

/**
 * What a SOC analyst does with an alert: acknowledge, close in one call with a verdict and reason (an OPEN
 * alert is acknowledged on the way), escalate to an existing recovery case, reopen, assign, comment.
 * Every change is a compare-and-set on the state it was checked against, and is announced to walls.
 */
export class AlertWorkflow {
  constructor(
    private readonly alerts: AlertStore,
    private readonly reads: AlertService,
    private readonly announcer: AlertAnnouncer,
    private readonly cases: KnownCases,
    private readonly agents: TenantReferences,
    private readonly now: () => Date = () => new Date(),
  ) {}

  acknowledge(identity: Identity, id: string, note?: string): Promise<AlertRecord> {
    return this.transition(identity, id, 'ACKNOWLEDGED', { reason: note });
  }

  async close(
    identity: Identity,
    id: string,
    to: 'RESOLVED' | 'FALSE_POSITIVE' | 'ESCALATED',
    reason: string,
    caseId?: string,
  ): Promise<AlertRecord> {
    if (to === 'ESCALATED' && caseId === undefined) return this.escalateToNewCase(identity, id, reason);
    if (to === 'ESCALATED' && caseId !== undefined) {
      // That the case exists in the alert's tenant is checked against recovery-cases' own records (the
      // resolver, ADR 040). What the bus told us about it adds one check: it must be about this account.
      const alert = await this.reads.get(identity, id);
      const known = await this.cases.find(alert.tenantId, caseId);
      if (known !== null && alert.accountId !== undefined && known.accountId !== alert.accountId) {
        throw invalidInput(`Recovery case ${caseId} is about another account than this alert.`, {
          caseId: 'a case on the alert account',
        });
      }
    }
    return this.transition(identity, id, to, { reason, caseId });
  }

  /**
   * No case yet: the alert cites a new case id at once and recovery-cases opens that case from the bus
   * (`alert.escalated`, idempotent on the id). Needs the alert's account; a spray names many.
   */
  private async escalateToNewCase(identity: Identity, id: string, reason: string): Promise<AlertRecord> {
    const alert = await this.reads.get(identity, id);
    if (alert.accountId === undefined) {
      throw invalidInput('This alert is about many accounts: open a recovery case for one of them, then escalate to it.', {
        caseId: 'required for an alert without one account',
      });
    }
    const escalated = await this.transition(identity, id, 'ESCALATED', { reason, caseId: randomUUID() });
    await this.announcer.escalated(escalated, reason.trim(), identity.subject);
    return escalated;
  }

  reopen(identity: Identity, id: string, reason: string): Promise<AlertRecord> {
    return this.transition(identity, id, 'OPEN', { reason });
  }

  /**
   * `assignee` null unassigns. Assigning is not a state change: any open or closed alert may be (re)assigned. The
   * assignee must be an agent of the alert's tenant (as a recovery case's): an alert handed to a typo or to another
   * tenant's agent is in nobody's queue. Another tenant's agent and a missing one get the same NOT_FOUND.
   */
  async assign(identity: Identity, id: string, assignee: string | null): Promise<AlertRecord> {
    const alert = await this.reads.get(identity, id);
    if (assignee !== null) await assertTenantReferences(this.agents, alert.tenantId, [assignee], 'agent');
    const updated = await this.alerts.setAssignee(id, assignee);
    if (updated === null) throw conflictWith('The alert disappeared while assigning it; reload and try again.');
    await this.announcer.changed(updated, `assigned:${assignee ?? '-'}:${Date.now()}`);
    return updated;
  }

  async comment(identity: Identity, id: string, text: string): Promise<AlertRecord> {
    const trimmed = text.trim();
    if (trimmed.length === 0 || trimmed.length > 2_000)
      throw invalidInput('A comment is 1 to 2000 characters.', { text: '1..2000' });
    await this.reads.get(identity, id);
    const comment = { id: randomUUID(), by: identity.subject, at: this.now(), text: trimmed };
    const updated = await this.alerts.addComment(id, comment, MAX_COMMENTS);
    if (updated === null) throw invalidInput(`An alert keeps at most ${MAX_COMMENTS} comments.`, { text: 'too many comments' });
    await this.announcer.changed(updated, `comment:${comment.id}`);
    return updated;
  }

  private async transition(
    identity: Identity,
    id: string,
    to: AlertStatus,
    details: { reason?: string; caseId?: string },
  ): Promise<AlertRecord> {
    const current = await this.reads.get(identity, id);
    // Audit-only findings are records for tuning: they have no lifecycle, so no transition is allowed.
    if (current.mode === 'AUDIT_ONLY') throw refusedTransition('audit-only finding', current.status, to, []);
    const at = this.now();
    const changes = planStatusChange(current.status, to, identity.subject, at, details, current.history.length);
    const last = changes.at(-1) as (typeof changes)[number];
    const set: Partial<AlertRecord> = { status: to };
    const unset: (keyof AlertRecord)[] = [];
    if (changes.some((change) => change.to === 'ACKNOWLEDGED') && current.acknowledgedAt == null) {
      Object.assign(set, { acknowledgedAt: at, acknowledgedBy: identity.subject });
    }
    if (to === 'OPEN') unset.push('closedAt', 'closedBy', 'closeReason', 'caseId');
    else if (to !== 'ACKNOWLEDGED')
      Object.assign(set, { closedAt: at, closedBy: identity.subject, closeReason: last.reason, caseId: last.caseId });
    // Compare-and-set on the status we checked: two analysts acting at once cannot both win.
    const updated = await this.alerts.changeStatus(id, { from: current.status, set, unset, history: changes });
    if (updated === null) {
      const now = await this.reads.get(identity, id);
      throw conflictWith(`Someone else changed this alert just now (it is ${now.status}); reload it and try again.`, {
        state: now.status,
        requested: to,
        allowedTransitions: [...allowedTransitions(now.status, now.history.length)],
      });
    }
    await this.announcer.updated(updated);
    return updated;
  }
}
