/** A call waiting for its group's answer. */
export interface Pending<Query, Answer> {
  readonly query: Query;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Calls made in the same turn of the event loop, grouped by key and handed to `answer` together on the next turn
 * (after I/O callbacks and every microtask: all the reads the rules issue while judging a page are queued by then).
 * The grouped reads of ADR 107 and ADR 115 share it.
 */
export class TurnGroups<Query, Answer> {
  private pending = new Map<string, Pending<Query, Answer>[]>();
  private scheduled = false;

  constructor(private readonly answer: (group: readonly Pending<Query, Answer>[]) => Promise<void>) {}

  add(group: string, query: Query): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const list = this.pending.get(group);
      if (list === undefined) this.pending.set(group, [{ query, resolve, reject }]);
      else list.push({ query, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const groups = [...this.pending.values()];
    this.pending = new Map();
    this.scheduled = false;
    for (const group of groups) {
      this.answer(group).catch((error: unknown) => {
        for (const pending of group) pending.reject(error);
      });
    }
  }
}
