import type { RecoveryCaseRecord } from '../../application/case-record.js';
import type { CaseRepository } from '../../application/ports.js';
import type { RecoveryCaseModel } from './recovery-case.model.js';

/** Whole-document reads and compare-and-set writes of cases (the `revision` is the compare). */
export class MongoCaseRepository implements CaseRepository {
  constructor(private readonly cases: RecoveryCaseModel) {}

  async find(caseId: string): Promise<RecoveryCaseRecord | undefined> {
    return (await this.cases.findById(caseId).lean<RecoveryCaseRecord>().exec()) ?? undefined;
  }

  async insert(record: RecoveryCaseRecord): Promise<void> {
    await this.cases.create(record);
  }

  async replaceIfRevision(next: RecoveryCaseRecord, expectedRevision: number): Promise<boolean> {
    const written = await this.cases.replaceOne({ _id: next._id, revision: expectedRevision }, next).exec();
    return written.matchedCount === 1;
  }

  async remove(caseId: string): Promise<void> {
    await this.cases.deleteOne({ _id: caseId }).exec();
  }
}
