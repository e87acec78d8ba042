import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { signHttpRouteRequest, UPSTREAM_IDENTITY_HEADER } from '@vigil/core';
import { as, startActivityLogs, type Harness } from './harness.js';

// Enough that the NDJSON body (~83 MB) is larger than the heap bound: an export that buffered it would fail.
const EVENT_COUNT = 120_000;
v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
/** Heap growth allowed while exporting; the NDJSON body alone is ~83 MB, so buffering it would fail this. */
const HEAP_BOUND_BYTES = 64 * 1024 * 1024;

describe('export of 120,000 events', () => {
  let h: Harness;
  let base: string;

  beforeAll(async () => {
    h = await startActivityLogs({ separateMongo: true });
    base = new URL(h.url).origin;
    // Written straight to the collection: this test is about the export path, not ingestion speed.
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let offset = 0; offset < EVENT_COUNT; offset += 10_000) {
      const docs = Array.from({ length: 10_000 }, (_, index) => {
        const n = offset + index;
        return {
          _id: new Types.ObjectId(),
          tenantId: 'big',
          sequence: n + 1,
          prevHash: 'a'.repeat(64),
          hash: 'b'.repeat(64),
          accountId: `acct-${n % 5000}`,
          type: 'user.authentication.failed',
          category: 'FAILURE',
          outcome: 'FAILURE',
          occurredAt: new Date(start + n * 1000),
          recordedAt: new Date(start + n * 1000 + 5),
          actor: { type: 'CUSTOMER' },
          firstSeenDevice: false,
          firstSeenCountry: false,
          piiCommitment: 'c'.repeat(64),
          ip: '81.2.69.142',
          ipKey: '00000000000000000000ffff5102458e',
          geo: { country: 'GB', city: 'London', lat: 51.5, lon: -0.1 },
          metadata: { reason: 'wrong password', attempt: n % 10 },
        };
      });
      await h.events().insertMany(docs);
    }
  }, 600_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('streams NDJSON for the whole range with flat memory', async () => {
    const path = '/activity/export?tenantId=big&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&format=ndjson';
    const identity = signHttpRouteRequest(as(['AUDITOR'], ['big'], 'auditor'), 'GET', path, {
      key: h.config.GATEWAY_SIGNING_KEY,
      audience: 'activity-logs',
    });
    // Live heap (after a full GC) sampled through the export: garbage from encoded lines does not count,
    // anything the export holds on to does.
    const liveHeap = () => {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    const baseline = liveHeap();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, liveHeap());
    }, 250);
    const response = await fetch(`${base}${path}`, { headers: { [UPSTREAM_IDENTITY_HEADER]: identity } });
    expect(response.status).toBe(200);
    let lines = 0;
    let bytes = 0;
    let firstLine = '';
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      bytes += chunk.byteLength;
      const text = decoder.decode(chunk, { stream: true });
      if (!firstLine) firstLine = text.slice(0, text.indexOf('\n'));
      for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) lines += 1;
    }
    clearInterval(sampler);
    expect(lines).toBe(EVENT_COUNT);
    expect(JSON.parse(firstLine)).toMatchObject({
      sequence: 1,
      type: 'user.authentication.failed',
      occurredAt: '2026-01-01T00:00:00.000Z',
    });
    expect(bytes).toBeGreaterThan(HEAP_BOUND_BYTES);
    console.warn(
      `export: ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB, peak live heap growth ${((peak - baseline) / 1e6).toFixed(1)} MB`,
    );
    expect(peak - baseline).toBeLessThan(HEAP_BOUND_BYTES);
  }, 600_000);
});
