import { conflictWith, missing, type Identity } from '@vigil/core/domain';
import { isTerminal } from '../domain/case-lifecycle.js';
import type { RecoveryCaseRecord } from './case-record.js';
import type { CaseRepository } from './ports.js';

/** How many times a change is re-applied on a fresh copy when another writer got in between. */
const MAX_WRITE_ATTEMPTS = 8;

/**
 * Most a case may hold (as JSON) through people's changes (ADR 124). A case is one document whose notes,
 * interactions, verifications and history grow with every command (a note alone up to 4,000 characters); one agent
 * token within its rate limit could push a case towards MongoDB's 16 MB limit in minutes, past which no one — the
 * SLA sweep included — could write it. Past this size a person's change that grows the
 * case is refused, except the one that closes it; the system's own writes (the SLA sweep) are never refused,
 * and the 12 MB left are theirs.
 */
export const MAX_CASE_BYTES = 4 * 1024 * 1024;

function sizeOf(record: RecoveryCaseRecord): number {
  return Buffer.byteLength(JSON.stringify(record), 'utf8');
}

/** A person's change that grows a case already past MAX_CASE_BYTES, other than closing it. */
function overgrows(before: RecoveryCaseRecord, after: RecoveryCaseRecord): number | undefined {
  const size = sizeOf(after);
  if (size <= MAX_CASE_BYTES) return undefined;
  if (isTerminal(after.status) && !isTerminal(before.status)) return undefined;
  return size > sizeOf(before) ? size : undefined;
}

/**
 * Loads and saves whole cases with optimistic concurrency (`revision`). A case of a tenant the caller
 * cannot see is NOT_FOUND, exactly like a missing one: its existence is not leaked across tenants.
 */
export class CaseStore {
  constructor(private readonly cases: CaseRepository) {}

  /** `identity` undefined means the system (SLA sweeps, integrations checked elsewhere). */
  async load(identity: Identity | undefined, caseId: string): Promise<RecoveryCaseRecord> {
    const found = await this.cases.find(caseId);
    if (!found || (identity && !identity.tenantIds.includes(found.tenantId))) {
      throw missing(`No recovery case "${caseId}" in your tenants.`);
    }
    return found;
  }

  insert(record: RecoveryCaseRecord): Promise<void> {
    return this.cases.insert(record);
  }

  /** Takes back a case just inserted, before anyone heard of it (ADR 137). */
  remove(caseId: string): Promise<void> {
    return this.cases.remove(caseId);
  }

  /**
   * Applies `change` to a copy of `loaded` (the case as the command read it, once) and writes it if nobody else
   * wrote meanwhile; otherwise reloads and applies it again. `change` must be safe to run more than once (it only
   * edits the draft).
   */
  async update<T>(
    identity: Identity | undefined,
    loaded: RecoveryCaseRecord,
    change: (draft: RecoveryCaseRecord) => T,
  ): Promise<{ record: RecoveryCaseRecord; result: T }> {
    let current = loaded;
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const draft = structuredClone(current);
      const result = change(draft);
      const size = identity === undefined ? undefined : overgrows(current, draft);
      if (size !== undefined) {
        throw conflictWith(
          `This case holds ${(size / 1024 / 1024).toFixed(1)} MB, more than people's changes may grow a case to (${MAX_CASE_BYTES / 1024 / 1024} MB): close it and open a follow-up case.`,
          { state: current.status, caseBytes: size, maxCaseBytes: MAX_CASE_BYTES },
        );
      }
      draft.revision = current.revision + 1;
      if (await this.cases.replaceIfRevision(draft, current.revision)) return { record: draft, result };
      // Someone else wrote first: back off a little (randomised, so racing writers spread out) and retry.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
      current = await this.load(identity, loaded._id);
    }
    throw conflictWith('The case is being changed by someone else right now; reload it and try again.');
  }
}
