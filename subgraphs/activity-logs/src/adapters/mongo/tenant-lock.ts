/**
 * Serialises chain appends per tenant inside one process, so concurrent batches queue instead of
 * colliding on the same sequence numbers. Across processes the unique (tenantId, sequence) index is the
 * arbiter and the recorder retries; this lock only keeps that path rare.
 */
export class TenantLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(tenantId) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(tenantId, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(tenantId) === tail) this.tails.delete(tenantId);
    }
  }
}
