import { describe, expect, it } from 'vitest';
import type { RecoveryCaseRecord } from '../src/application/case-record.js';
import { CaseStore, MAX_CASE_BYTES } from '../src/application/case-store.js';
import type { CaseRepository } from '../src/application/ports.js';

/** The repository port in memory (the store's logic is what is under test; Mongo's compare-and-set is tested through the subgraph). */
class MemoryCases implements CaseRepository {
  reads = 0;
  /** Writes to refuse as if another writer got there first (a concurrent change). */
  racesToLose = 0;
  constructor(public stored: RecoveryCaseRecord) {}
  async find(): Promise<RecoveryCaseRecord | undefined> {
    this.reads++;
    return structuredClone(this.stored);
  }
  async insert(): Promise<void> {}
  async remove(): Promise<void> {}
  async replaceIfRevision(next: RecoveryCaseRecord, expected: number): Promise<boolean> {
    if (this.racesToLose > 0) {
      this.racesToLose--;
      this.stored = {
        ...this.stored,
        revision: this.stored.revision + 1,
        notes: [...this.stored.notes, { id: 'other', authorId: 'x', body: 'x', at: new Date() }],
      };
      return false;
    }
    if (this.stored.revision !== expected) return false;
    this.stored = next;
    return true;
  }
}

const identity = { subject: 'agent-1', roles: ['AGENT' as const], tenantIds: ['demo'], expiresAt: 0 };
const record = { _id: 'case-1', tenantId: 'demo', notes: [], revision: 3 } as unknown as RecoveryCaseRecord;

describe('CaseStore: one read per command, compare-and-set on revision', () => {
  it('writes the case the command loaded without reading it again', async () => {
    const cases = new MemoryCases(record);
    const store = new CaseStore(cases);
    const loaded = await store.load(identity, 'case-1');
    const { record: written } = await store.update(identity, loaded, (draft) =>
      draft.notes.push({ id: 'n1', authorId: 'agent-1', body: 'hi', at: new Date() }),
    );
    expect(cases.reads).toBe(1);
    expect(written.revision).toBe(4);
    expect(cases.stored.notes.map((note) => note.id)).toEqual(['n1']);
  });

  it('re-reads and re-applies the change when another writer got in between, keeping both changes', async () => {
    const cases = new MemoryCases(record);
    cases.racesToLose = 1;
    const store = new CaseStore(cases);
    const loaded = await store.load(identity, 'case-1');
    await store.update(identity, loaded, (draft) =>
      draft.notes.push({ id: 'mine', authorId: 'agent-1', body: 'hi', at: new Date() }),
    );
    expect(cases.reads).toBe(2);
    expect(cases.stored.notes.map((note) => note.id)).toEqual(['other', 'mine']);
    expect(cases.stored.revision).toBe(5);
  });

  it("refuses a person's change that grows a case past its size, except closing it; the system's writes go on (ADR 124)", async () => {
    const note = (id: string) => ({ id, authorId: 'agent-1', body: 'x'.repeat(4_000), at: new Date() });
    const full = {
      ...record,
      status: 'VERIFYING',
      notes: Array.from({ length: Math.ceil(MAX_CASE_BYTES / 4_000) }, (_, i) => note(`n${i}`)),
    } as unknown as RecoveryCaseRecord;
    const cases = new MemoryCases(full);
    const store = new CaseStore(cases);
    const loaded = await store.load(identity, 'case-1');

    await expect(store.update(identity, loaded, (draft) => draft.notes.push(note('one-more')))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/close it and open a follow-up case/),
    });
    expect(cases.stored).toBe(full);
    // A change that does not grow it (a note edited shorter) goes through.
    await store.update(identity, loaded, (draft) => void draft.notes.splice(0, 1, { ...draft.notes[0]!, body: 'short' }));
    // The system (SLA timers, consumers) still writes it.
    await store.update(undefined, await store.load(undefined, 'case-1'), (draft) => draft.notes.push(note('system')));
    // Closing it grows it by its history entry, and is allowed; reopening it afterwards is not.
    const closed = await store.update(identity, await store.load(identity, 'case-1'), (draft) => {
      draft.status = 'RESOLVED';
      draft.notes.push(note('closing'));
    });
    expect(closed.record.status).toBe('RESOLVED');
    await expect(
      store.update(identity, closed.record, (draft) => {
        draft.status = 'REOPENED';
        draft.notes.push(note('reopening'));
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('answers NOT_FOUND for a case of another tenant, exactly like a missing one', async () => {
    const store = new CaseStore(new MemoryCases(record));
    await expect(store.load({ ...identity, tenantIds: ['acme'] }, 'case-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
