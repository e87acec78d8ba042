/**
 * Exports for auditors and SIEMs: a tenant's events in a time range, oldest first, encoded one at a time
 * from a MongoDB cursor (batches of 500), so memory stays flat whatever the size of the range.
 */
import { requireTenantAccess, invalidInput, type Identity } from '@vigil/core';
import { viewForReader } from '../domain/activity-event.js';
import { csvHeader, toCsvRow, toEcsRecord, toVigilRecord, type ExportFormat } from '../domain/export-format.js';
import type { ActivityEventDocument, ActivityModels } from './ports.js';
import { viewOf } from './stored-event.js';

export interface ExportRequest {
  readonly tenantId: string;
  readonly from: Date;
  readonly to: Date;
  readonly format: ExportFormat;
}

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  ecs: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export class ActivityExportService {
  constructor(private readonly models: ActivityModels) {}

  /** Checks access and the request; throws before anything is streamed. */
  validate(identity: Identity, request: ExportRequest): void {
    requireTenantAccess(identity, request.tenantId);
    if (!(request.from < request.to)) throw invalidInput('from must be before to.', { from: 'before to' });
  }

  /** Yields encoded chunks (one line each); the caller writes them with backpressure. */
  async *lines(identity: Identity, request: ExportRequest): AsyncGenerator<string> {
    this.validate(identity, request);
    if (request.format === 'csv') yield csvHeader();
    const cursor = this.models.events
      .find({ tenantId: request.tenantId, occurredAt: { $gte: request.from, $lt: request.to }, purgedAt: { $exists: false } })
      .sort({ occurredAt: 1, _id: 1 })
      .lean<ActivityEventDocument[]>()
      .cursor({ batchSize: 500 });
    try {
      for await (const doc of cursor as AsyncIterable<ActivityEventDocument>) {
        const view = viewForReader(viewOf(doc), identity.roles);
        if (request.format === 'csv') yield toCsvRow(view);
        else yield `${JSON.stringify(request.format === 'ecs' ? toEcsRecord(view) : toVigilRecord(view))}\n`;
      }
    } finally {
      await cursor.close();
    }
  }
}
