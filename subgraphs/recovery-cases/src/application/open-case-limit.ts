import { openCaseLimitReached } from '../domain/open-case-limit.js';
import type { RecoveryCommandDeps } from './case-command.js';
import type { RecoveryCaseRecord } from './case-record.js';

/**
 * CONFLICT when the account already has its most unfinished cases (ADR 137), before a case is opened or reopened;
 * `exceptCaseId` is the case being reopened.
 */
export async function assertRoomForCase(
  deps: RecoveryCommandDeps,
  tenantId: string,
  accountId: string,
  exceptCaseId?: string,
): Promise<void> {
  const open = (await deps.reads.unfinishedOfAccount(tenantId, accountId)).filter((id) => id !== exceptCaseId);
  if (open.length >= deps.maxOpenCasesPerAccount) throw openCaseLimitReached(open, deps.maxOpenCasesPerAccount);
}

/**
 * After the insert, before the case is announced: when simultaneous opens all passed the check and together went
 * past the limit, each of them sees it here and takes its own case back. A burst may so leave fewer cases than
 * the limit (its callers retry), never more.
 */
export async function keepWithinLimit(deps: RecoveryCommandDeps, record: RecoveryCaseRecord): Promise<void> {
  const open = await deps.reads.unfinishedOfAccount(record.tenantId, record.accountId);
  if (open.length <= deps.maxOpenCasesPerAccount) return;
  await deps.store.remove(record._id);
  throw openCaseLimitReached(
    open.filter((id) => id !== record._id),
    deps.maxOpenCasesPerAccount,
  );
}
