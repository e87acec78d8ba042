/**
 * After a batch goes on the bus, the consumers it woke in this process (detection, the device inventory) run up to
 * their first MongoDB command on microtasks. The recorder's own follow-up (the chain head, the first-seen marks, live
 * subscribers, the outbox entry, the answer) waits for this before it starts, so their commands reach the one core
 * and the database first (ADR 156). A turn of the event loop (`setImmediate`), not a delay: microtasks always run
 * before it, and with a bus in another process (Redis) it costs one turn.
 */
export function afterWokenConsumers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
