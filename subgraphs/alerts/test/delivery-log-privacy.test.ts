/**
 * A provider's refusal often quotes the recipient ("550 5.1.1 <jane@…>: Recipient address rejected"): the worker's
 * log line names the failure without the address, phone number or IP in it (logs carry no personal data).
 */
import { Writable } from 'node:stream';
import { createLogger } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import type { NotificationDeliveryRecord } from '../src/adapters/mongo/notification-delivery.model.js';
import { DeliveryWorker } from '../src/application/notifications/delivery-worker.js';
import type { NotificationFanOut } from '../src/application/notifications/fan-out.js';
import type { NotificationDeliveries, NotificationJobs } from '../src/application/ports.js';

const ADDRESS = 'jane.doe@example.org';
const PHONE = '+44 20 7946 0958';

const delivery: NotificationDeliveryRecord = {
  _id: 'delivery-1',
  tenantId: 'demo',
  purpose: 'alert',
  channel: 'EMAIL',
  address: ADDRESS,
  severity: 'HIGH',
  subject: 'Security alert',
  text: 'text',
  short: 'short',
  status: 'QUEUED',
  attempts: 1,
  nextAttemptAt: new Date(),
  createdAt: new Date(),
};

describe('delivery failure logs', () => {
  it('leave out the personal values a provider error quotes', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ name: 'alerts-test', level: 'info', destination });
    let claimed = false;
    const jobs: NotificationJobs = {
      enqueue: async () => undefined,
      claimMany: async () => [],
      doneAll: async () => undefined,
      fail: async () => ({ dead: false, reason: '' }),
    };
    const deliveries: NotificationDeliveries = {
      insert: async () => undefined,
      sentSince: async () => 0,
      activeWebhooks: async () => new Map(),
      claim: async () => (claimed ? null : ((claimed = true), delivery)),
      sent: async () => undefined,
      fail: async (_delivery, error) => ({ dead: false, reason: error instanceof Error ? error.message : String(error) }),
    };
    const refusing = {
      channel: 'EMAIL' as const,
      send: async (): Promise<never> => {
        throw new Error(`550 5.1.1 <${ADDRESS}>: Recipient address rejected (also tried ${PHONE} from 198.51.100.23)`);
      },
    };
    // No job is due, so the fan-out is never asked.
    const unusedFanOut = {} as NotificationFanOut;
    await new DeliveryWorker(jobs, deliveries, unusedFanOut, [refusing], logger).drain();

    const logged = lines.join('');
    expect(logged).toContain('notification delivery failed');
    expect(logged).toContain('Recipient address rejected');
    for (const value of [ADDRESS, PHONE, '198.51.100.23']) expect(logged).not.toContain(value);
  });
});
