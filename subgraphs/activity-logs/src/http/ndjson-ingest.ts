/**
 * NDJSON ingestion for CRMs and log shippers that cannot speak GraphQL: one event per line (the same
 * fields as ActivityEventInput), validated by the same domain code, recorded in batches. Each line is
 * accepted or rejected on its own (like a bulk API), so a shipper retries only what failed — safely,
 * when it sends idempotency keys.
 */
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { TenantReferences } from '@vigil/core';
import type { RecordedBy } from '../domain/recorded-by.js';
import { MAX_BATCH_SIZE } from '../domain/activity-batch.js';
import { validateActivityEvent, type ActivityEventDraft, type ValidActivityEvent } from '../domain/activity-input.js';
import type { ActivityRecorder } from '../application/activity-recorder.js';
import type { TenantSettingsService } from '../application/tenant-settings.js';

export const MAX_NDJSON_LINES = 50_000;
export const MAX_NDJSON_LINE_BYTES = 16 * 1024;
/** Largest upload: the gateway's default cap on its HTTP routes, enforced here too for whoever else signs. */
export const MAX_NDJSON_BYTES = 16 * 1024 * 1024;

export interface NdjsonLineError {
  /** 1-based line number in the request body. */
  readonly line: number;
  readonly field: string;
  readonly message: string;
  /** `CONFLICT` when the line's idempotencyKey was already used for a different event. */
  readonly code?: 'CONFLICT';
}

export interface NdjsonIngestReport {
  readonly recorded: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** The first 100 problems; `rejected` counts the rejected lines. */
  readonly errors: readonly NdjsonLineError[];
}

export class NdjsonLimitError extends Error {}

export async function ingestNdjson(
  body: Readable,
  tenantId: string,
  recorder: ActivityRecorder,
  settings: TenantSettingsService,
  accounts: TenantReferences,
  recordedBy: RecordedBy,
): Promise<NdjsonIngestReport> {
  const taxonomy = await settings.taxonomyFor(tenantId);
  const errors: NdjsonLineError[] = [];
  let rejected = 0;
  let recorded = 0;
  let duplicates = 0;
  let batch: ValidActivityEvent[] = [];
  let batchLines: number[] = [];
  const keyLines = new Map<string, number>();
  const reject = (line: number, problems: readonly Omit<NdjsonLineError, 'line'>[]) => {
    rejected += 1;
    for (const problem of problems) if (errors.length < 100) errors.push({ line, ...problem });
  };
  const flush = async () => {
    if (batch.length === 0) return;
    // A key re-sent with different content is refused on its line; the rest of the batch is recorded.
    const conflicts = await recorder.conflictsOf(tenantId, batch);
    for (const [index, message] of conflicts)
      reject(batchLines[index]!, [{ field: 'idempotencyKey', message, code: 'CONFLICT' }]);
    // A line naming an account that is not this tenant's is rejected like a missing one (same message).
    const owned = await accounts.ownedBy(
      tenantId,
      batch.map((event) => event.accountId),
    );
    const accepted = batch.filter((event, index) => {
      if (conflicts.has(index)) return false;
      if (owned.has(event.accountId)) return true;
      reject(batchLines[index]!, [{ field: 'accountId', message: `No account "${event.accountId}" in tenant "${tenantId}".` }]);
      return false;
    });
    batch = [];
    batchLines = [];
    if (accepted.length === 0) return;
    const results = await recorder.recordValid(tenantId, accepted, recordedBy);
    const duplicatesInBatch = results.filter((result) => result.duplicate).length;
    duplicates += duplicatesInBatch;
    recorded += results.length - duplicatesInBatch;
  };

  let lineNumber = 0;
  const lines = createInterface({ input: body, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber += 1;
    if (lineNumber > MAX_NDJSON_LINES)
      throw new NdjsonLimitError(`At most ${MAX_NDJSON_LINES} lines per request; split the file.`);
    if (line.trim().length === 0) continue;
    if (Buffer.byteLength(line) > MAX_NDJSON_LINE_BYTES) {
      reject(lineNumber, [{ field: '(line)', message: `Line is longer than ${MAX_NDJSON_LINE_BYTES} bytes.` }]);
      continue;
    }
    let draft: unknown;
    try {
      draft = JSON.parse(line);
    } catch {
      reject(lineNumber, [{ field: '(line)', message: 'Line is not valid JSON.' }]);
      continue;
    }
    if (typeof draft !== 'object' || draft === null || Array.isArray(draft)) {
      reject(lineNumber, [{ field: '(line)', message: 'Each line must be one JSON object (an event).' }]);
      continue;
    }
    const result = validateActivityEvent(draft as ActivityEventDraft, taxonomy);
    if ('errors' in result) {
      reject(lineNumber, result.errors);
      continue;
    }
    const key = result.event.idempotencyKey;
    if (key !== undefined) {
      const first = keyLines.get(key);
      if (first !== undefined) {
        reject(lineNumber, [{ field: 'idempotencyKey', message: `Duplicates the idempotencyKey of line ${first}.` }]);
        continue;
      }
      keyLines.set(key, lineNumber);
    }
    batch.push(result.event);
    batchLines.push(lineNumber);
    if (batch.length >= MAX_BATCH_SIZE) await flush();
  }
  await flush();
  return { recorded, duplicates, rejected, errors };
}
