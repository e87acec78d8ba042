/**
 * The names Vigil's own writers are recorded under (ADR 145): kind VIGIL and the source, one constant each, so the
 * timeline and exports say which part of Vigil attested an event.
 */
import { vigilRecorder } from '../domain/recorded-by.js';

export const VIGIL_RECORDERS = {
  /** Staff actions on cases and accounts, from recovery-cases and accounts over the bus (agent.action.*). */
  agentActions: vigilRecorder('agent-actions'),
  /** Administrator actions from accounts, alerts and recovery-cases over the bus (system.admin.*). */
  adminActions: vigilRecorder('admin-actions'),
  /** The erasure record of an account (eraseAccountActivity). */
  accountErasure: vigilRecorder('account-erasure'),
  /** The erasure record after a batch that raced an erasure (ADR 138). */
  lateErasure: vigilRecorder('late-erasure'),
  /** The record of a retention purge. */
  retentionPurge: vigilRecorder('retention-purge'),
} as const;
