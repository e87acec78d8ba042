import type { RecoveryDelivery, RecoveryMessage } from '../application/ports.js';

/**
 * Development delivery: keeps messages in memory for the stack (or a developer) to read, and never logs
 * them (they carry codes and links). Refused in production by the config.
 */
export class InMemoryRecoveryOutbox implements RecoveryDelivery {
  private readonly sent: RecoveryMessage[] = [];

  constructor(private readonly capacity = 500) {}

  supports(): boolean {
    return true;
  }

  async deliver(message: RecoveryMessage): Promise<void> {
    this.sent.push(message);
    if (this.sent.length > this.capacity) this.sent.shift();
  }

  /** Messages sent to an address, oldest first. */
  messagesTo(address: string): readonly RecoveryMessage[] {
    return this.sent.filter((m) => m.channel.address === address);
  }
}
