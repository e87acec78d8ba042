import type { Identity } from '@vigil/core/domain';
import type { OtpSettings } from '../domain/otp.js';
import type { RecoveryCaseRecord } from './case-record.js';
import type { CaseStore } from './case-store.js';
import type { AccountDirectory, AssignmentCursors, CaseEvents, CaseReads, RecoveryDelivery } from './ports.js';
import type { RecoverySettings, SettingsService } from './settings.js';

/** The secrets and lifetimes of codes and reset links. */
export interface RecoverySecrets {
  /** Server-side key for OTP and reset-token digests. */
  readonly pepper: string;
  /** Base of the link customers open to reset their password; case, grant and token are appended. */
  readonly resetLinkBaseUrl: string;
  readonly otp: OtpSettings;
  readonly resetTtlMs: number;
}

/** Everything the recovery commands need, named (no positional arguments). */
export interface RecoveryCommandDeps {
  readonly store: CaseStore;
  /**
   * Reads across cases: failed verifications and codes sent on the account's other cases (ADR 129), its unfinished
   * cases (ADR 137), contact changes approved on its cases (ADR 150).
   */
  readonly reads: Pick<
    CaseReads,
    'otherCasesWithFailures' | 'codesIssuedOnOtherCases' | 'unfinishedOfAccount' | 'approvedContactChanges'
  >;
  /** Unfinished cases one account may have (RECOVERY_MAX_OPEN_CASES_PER_ACCOUNT, ADR 137). */
  readonly maxOpenCasesPerAccount: number;
  /** How long a new contact address waits before codes and reset links go to it (ADR 150). */
  readonly contactCoolingOffMs: number;
  readonly settings: SettingsService;
  readonly cursors: AssignmentCursors;
  readonly directory: AccountDirectory;
  readonly delivery: RecoveryDelivery;
  readonly events: CaseEvents;
  readonly secrets: RecoverySecrets;
  readonly clock: () => Date;
}

export type CaseChange<T> = (draft: RecoveryCaseRecord, now: Date, settings: RecoverySettings) => T;

/**
 * The one write path of a command: `current` is the case as the command loaded it (once); the change runs on a
 * draft of it with the tenant's settings and one `now`, is written atomically with the agent actions it queued, and
 * is announced. Each command checks tenant access by loading through the store (NOT_FOUND across tenants).
 * `identity` undefined writes the system's bookkeeping of what already happened (how a send ended), which the size
 * bound on people's changes does not refuse.
 */
export async function writeCase<T>(
  deps: RecoveryCommandDeps,
  identity: Identity | undefined,
  current: RecoveryCaseRecord,
  change: CaseChange<T>,
): Promise<{ record: RecoveryCaseRecord; result: T }> {
  const settings = await deps.settings.forTenant(current.tenantId);
  const now = deps.clock();
  const written = await deps.store.update(identity, current, (draft) => {
    draft.updatedAt = now;
    return change(draft, now, settings);
  });
  deps.events.changed(written.record);
  return written;
}

/** Loads the case once and writes the change: for commands that need nothing else before they write. */
export async function changeCase<T>(
  deps: RecoveryCommandDeps,
  identity: Identity,
  caseId: string,
  change: CaseChange<T>,
): Promise<RecoveryCaseRecord> {
  const current = await deps.store.load(identity, caseId);
  return (await writeCase(deps, identity, current, change)).record;
}
