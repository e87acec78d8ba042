import { conflict, notFound, type Identity } from '@vigil/core';
import type { RecoveryCaseModel, RecoveryCaseRecord } from '../models/recovery-case.js';

/** How many times a change is re-applied on a fresh copy when another writer got in between. */
const MAX_WRITE_ATTEMPTS = 8;

/**
 * Loads and saves whole cases with optimistic concurrency (`revision`). A case of a tenant the caller
 * cannot see is NOT_FOUND, exactly like a missing one: its existence is not leaked across tenants.
 */
export class CaseStore {
  constructor(private readonly cases: RecoveryCaseModel) {}

  async load(identity: Identity | undefined, caseId: string): Promise<RecoveryCaseRecord> {
    const found = await this.cases.findById(caseId).lean<RecoveryCaseRecord>().exec();
    if (!found || (identity && !identity.tenantIds.includes(found.tenantId))) {
      throw notFound(`No recovery case "${caseId}" in your tenants.`);
    }
    return found;
  }

  async insert(record: RecoveryCaseRecord): Promise<void> {
    await this.cases.create(record);
  }

  /**
   * Applies `change` to a copy of the case and writes it if nobody else wrote meanwhile; otherwise
   * reloads and applies it again. `change` must be safe to run more than once (it only edits the draft).
   * `identity` undefined means the system (SLA sweeps, integrations checked elsewhere).
   */
  async update<T>(
    identity: Identity | undefined,
    caseId: string,
    change: (draft: RecoveryCaseRecord) => T,
  ): Promise<{ record: RecoveryCaseRecord; result: T }> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await this.load(identity, caseId);
      const draft = structuredClone(current);
      const result = change(draft);
      draft.revision = current.revision + 1;
      const written = await this.cases.replaceOne({ _id: caseId, revision: current.revision }, draft).exec();
      if (written.matchedCount === 1) return { record: draft, result };
      // Someone else wrote first: back off a little (randomised, so racing writers spread out) and retry.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
    }
    throw conflict('The case is being changed by someone else right now; reload it and try again.');
  }
}
