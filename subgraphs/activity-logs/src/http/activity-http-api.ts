/**
 * The activity-logs HTTP API beside GraphQL, for clients that cannot speak GraphQL, served by the subgraph
 * factory as `httpRoutes` and reached through the gateway (which authenticates the caller's JWT and signs the
 * request; the factory verifies that signature before these handlers run):
 *
 *   POST /activity/events?tenantId=T    body: NDJSON, one ActivityEventInput per line   role INGEST
 *        → 200 { recorded, duplicates, rejected, errors: [{ line, field, message }] }
 *          (400 when every line was rejected; 413 beyond MAX_NDJSON_LINES)
 *   GET  /activity/export?tenantId=T&from=ISO&to=ISO&format=ndjson|ecs|csv         AUDITOR, ADMIN, SECURITY_ANALYST
 *        → streamed, oldest first; `ecs` uses Elastic Common Schema field names
 *
 * Errors: `{ errors: [{ message, extensions: { code } }] }`, as the graph answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  canAccessTenant,
  hasRole,
  sendHttpError,
  sendJson,
  type Role,
  type SubgraphHttpContext,
  type SubgraphHttpRoute,
  type TenantReferences,
} from '@vigil/core';
import { EXPORT_FORMATS, type ExportFormat } from '../domain/export-format.js';
import { EXPORT_CONTENT_TYPES, type ActivityExportService } from '../services/activity-export.js';
import type { ActivityRecorder } from '../services/activity-recorder.js';
import type { TenantSettingsService } from '../services/tenant-settings.js';
import { ingestNdjson, NdjsonLimitError } from './ndjson-ingest.js';

export interface ActivityHttpApiDeps {
  readonly recorder: ActivityRecorder;
  readonly settings: TenantSettingsService;
  readonly exporter: ActivityExportService;
  /** Which account ids are a tenant's: lines naming another tenant's (or no) account are rejected. */
  readonly accounts: TenantReferences;
}

export const ACTIVITY_EVENTS_PATH = '/activity/events';
export const ACTIVITY_EXPORT_PATH = '/activity/export';

const INGEST_ROLES: readonly Role[] = ['INGEST'];
const EXPORT_ROLES: readonly Role[] = ['AUDITOR', 'ADMIN', 'SECURITY_ANALYST'];

/** Runs after the role and tenant checks; `tenantId` is the checked `?tenantId=`. */
type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  tenantId: string,
  context: SubgraphHttpContext,
) => Promise<void>;

/** The two routes, for `createSubgraphServer({ httpRoutes })`. */
export function createActivityHttpRoutes(deps: ActivityHttpApiDeps): readonly SubgraphHttpRoute[] {
  const ingest: Handler = async (request, response, _url, tenantId) => {
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/(x-ndjson|jsonl|x-jsonlines)\b/.test(type)) {
      sendHttpError(response, 415, 'BAD_REQUEST', 'Send Content-Type: application/x-ndjson, one JSON event per line.');
      return;
    }
    try {
      const report = await ingestNdjson(request, tenantId, deps.recorder, deps.settings, deps.accounts);
      const status = report.recorded + report.duplicates === 0 && report.rejected > 0 ? 400 : 200;
      sendJson(response, status, report);
    } catch (err) {
      if (!(err instanceof NdjsonLimitError)) throw err;
      sendHttpError(response, 413, 'BAD_REQUEST', err.message);
    }
  };

  const exportRange: Handler = async (_request, response, url, tenantId, { identity, logger }) => {
    const format = (url.searchParams.get('format') ?? 'ndjson') as ExportFormat;
    const from = new Date(url.searchParams.get('from') ?? '');
    const to = new Date(url.searchParams.get('to') ?? '');
    if (!EXPORT_FORMATS.includes(format))
      return sendHttpError(response, 400, 'BAD_USER_INPUT', `format is one of ${EXPORT_FORMATS.join(', ')}.`);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
      return sendHttpError(response, 400, 'BAD_USER_INPUT', 'from and to are required ISO-8601 date-times.');
    const exportRequest = { tenantId, from, to, format };
    deps.exporter.validate(identity, exportRequest);
    response.statusCode = 200;
    response.setHeader('content-type', EXPORT_CONTENT_TYPES[format]);
    response.setHeader(
      'content-disposition',
      `attachment; filename="activity-${tenantId}-${from.toISOString().slice(0, 10)}.${format === 'csv' ? 'csv' : 'ndjson'}"`,
    );
    try {
      // pipeline writes with backpressure (the range is never held in memory) and, when the client goes
      // away, ends the generator, which closes the MongoDB cursor.
      await pipeline(Readable.from(deps.exporter.lines(identity, exportRequest)), response);
    } catch (err) {
      if (!response.writableFinished && response.destroyed && (err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') {
        logger.info({ tenantId }, 'activity export ended early: the client closed the connection');
        return;
      }
      throw err;
    }
  };

  return [
    route('POST', ACTIVITY_EVENTS_PATH, INGEST_ROLES, ingest),
    route('GET', ACTIVITY_EXPORT_PATH, EXPORT_ROLES, exportRange),
  ];
}

/** Role and tenant checks shared by both routes; domain errors with a public code become 400 / 403. */
function route(method: 'GET' | 'POST', path: string, roles: readonly Role[], handler: Handler): SubgraphHttpRoute {
  return {
    method,
    path,
    async handle(request, response, context) {
      const { identity } = context;
      const url = new URL(request.url ?? '/', 'http://activity-logs');
      const tenantId = url.searchParams.get('tenantId') ?? '';
      if (!hasRole(identity, ...roles)) {
        sendHttpError(response, 403, 'FORBIDDEN', `This needs one of the roles: ${roles.join(', ')}.`);
        return;
      }
      if (!canAccessTenant(identity, tenantId)) {
        sendHttpError(
          response,
          403,
          'FORBIDDEN',
          `You have no access to tenant "${tenantId}"; pass ?tenantId= one of your tenants.`,
        );
        return;
      }
      try {
        await handler(request, response, url, tenantId, context);
      } catch (err) {
        const code = (err as { extensions?: { code?: string } }).extensions?.code;
        if (response.headersSent || (code !== 'BAD_USER_INPUT' && code !== 'FORBIDDEN')) throw err;
        sendHttpError(response, code === 'FORBIDDEN' ? 403 : 400, code, (err as Error).message);
      }
    },
  };
}
