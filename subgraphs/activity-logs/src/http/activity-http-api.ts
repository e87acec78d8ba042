/**
 * The activity-logs HTTP API beside GraphQL, for clients that cannot speak GraphQL:
 *
 *   POST /activity/events?tenantId=T    body: NDJSON, one ActivityEventInput per line   role INGEST
 *        → 200 { recorded, duplicates, rejected, errors: [{ line, field, message }] }
 *          (400 when every line was rejected; 413 beyond MAX_NDJSON_LINES)
 *   GET  /activity/export?tenantId=T&from=ISO&to=ISO&format=ndjson|ecs|csv         AUDITOR, ADMIN, SECURITY_ANALYST
 *        → streamed, oldest first; `ecs` uses Elastic Common Schema field names
 *
 * Callers authenticate with `Authorization: Bearer <JWT>` checked by the injected `authenticate`
 * (the gateway's token verifier), the same tokens as the GraphQL endpoint. Mount `handle` on any
 * node http server, or `listen` on a port of its own.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { hasRole, type Identity, type Role } from '@vigil/core';
import { EXPORT_FORMATS, type ExportFormat } from '../domain/export-format.js';
import { EXPORT_CONTENT_TYPES, type ActivityExportService } from '../services/activity-export.js';
import type { ActivityRecorder } from '../services/activity-recorder.js';
import type { TenantSettingsService } from '../services/tenant-settings.js';
import { ingestNdjson, NdjsonLimitError } from './ndjson-ingest.js';

/** Resolves `Authorization` to an identity or throws (any error → 401). */
export type Authenticate = (authorization: string | undefined) => Promise<Identity>;

export interface ActivityHttpApiDeps {
  readonly recorder: ActivityRecorder;
  readonly settings: TenantSettingsService;
  readonly exporter: ActivityExportService;
  readonly authenticate: Authenticate;
  readonly logger: Logger;
}

export interface ActivityHttpApi {
  /** Handles /activity/* and returns true; returns false (untouched) for any other path. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
  listen(port: number, host?: string): Promise<{ readonly url: string }>;
  close(): Promise<void>;
}

const INGEST_ROLES: readonly Role[] = ['INGEST'];
const EXPORT_ROLES: readonly Role[] = ['AUDITOR', 'ADMIN', 'SECURITY_ANALYST'];

export function createActivityHttpApi(deps: ActivityHttpApiDeps): ActivityHttpApi {
  let server: Server | undefined;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://activity');
    const route = `${request.method} ${url.pathname}`;
    if (url.pathname !== '/activity/events' && url.pathname !== '/activity/export') return false;
    if (route !== 'POST /activity/events' && route !== 'GET /activity/export') {
      sendError(response, 405, 'BAD_REQUEST', 'Use POST /activity/events or GET /activity/export.');
      return true;
    }
    let identity: Identity;
    try {
      identity = await deps.authenticate(header(request, 'authorization'));
    } catch (err) {
      sendError(response, 401, 'UNAUTHENTICATED', err instanceof Error ? err.message : 'Send "Authorization: Bearer <JWT>".');
      return true;
    }
    const tenantId = url.searchParams.get('tenantId') ?? '';
    const roles = route === 'POST /activity/events' ? INGEST_ROLES : EXPORT_ROLES;
    if (!hasRole(identity, ...roles)) {
      sendError(response, 403, 'FORBIDDEN', `This needs one of the roles: ${roles.join(', ')}.`);
      return true;
    }
    if (!identity.tenantIds.includes(tenantId)) {
      sendError(response, 403, 'FORBIDDEN', `You have no access to tenant "${tenantId}"; pass ?tenantId= one of your tenants.`);
      return true;
    }
    try {
      if (route === 'POST /activity/events') await ingest(request, response, tenantId);
      else await exportRange(url, response, identity, tenantId);
    } catch (err) {
      if (response.headersSent) {
        // Mid-stream: the client sees a truncated body; close so it cannot take it for complete.
        deps.logger.error({ err, tenantId }, 'activity export failed mid-stream');
        response.destroy();
      } else {
        const code = (err as { extensions?: { code?: string } }).extensions?.code;
        if (code === 'BAD_USER_INPUT' || code === 'FORBIDDEN') sendError(response, code === 'FORBIDDEN' ? 403 : 400, code, (err as Error).message);
        else {
          deps.logger.error({ err, tenantId }, 'activity HTTP request failed');
          sendError(response, 500, 'INTERNAL_SERVER_ERROR', 'Something went wrong on our side; try again later.');
        }
      }
    }
    return true;
  }

  async function ingest(request: IncomingMessage, response: ServerResponse, tenantId: string): Promise<void> {
    const type = header(request, 'content-type') ?? '';
    if (!/^application\/(x-ndjson|jsonl|x-jsonlines)\b/.test(type)) {
      sendError(response, 415, 'BAD_REQUEST', 'Send Content-Type: application/x-ndjson, one JSON event per line.');
      return;
    }
    try {
      const report = await ingestNdjson(request, tenantId, deps.recorder, deps.settings);
      const status = report.recorded + report.duplicates === 0 && report.rejected > 0 ? 400 : 200;
      sendJson(response, status, report);
    } catch (err) {
      if (!(err instanceof NdjsonLimitError)) throw err;
      sendError(response, 413, 'BAD_REQUEST', err.message);
    }
  }

  async function exportRange(url: URL, response: ServerResponse, identity: Identity, tenantId: string): Promise<void> {
    const format = (url.searchParams.get('format') ?? 'ndjson') as ExportFormat;
    const from = new Date(url.searchParams.get('from') ?? '');
    const to = new Date(url.searchParams.get('to') ?? '');
    if (!EXPORT_FORMATS.includes(format)) return sendError(response, 400, 'BAD_USER_INPUT', `format is one of ${EXPORT_FORMATS.join(', ')}.`);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return sendError(response, 400, 'BAD_USER_INPUT', 'from and to are required ISO-8601 date-times.');
    const request = { tenantId, from, to, format };
    deps.exporter.validate(identity, request);
    response.statusCode = 200;
    response.setHeader('content-type', EXPORT_CONTENT_TYPES[format]);
    response.setHeader('content-disposition', `attachment; filename="activity-${tenantId}-${from.toISOString().slice(0, 10)}.${format === 'csv' ? 'csv' : 'ndjson'}"`);
    for await (const line of deps.exporter.lines(identity, request)) {
      // Backpressure: wait for the socket to drain instead of buffering the range in memory.
      if (!response.write(line)) await new Promise<void>((resolve, reject) => {
        response.once('drain', resolve);
        response.once('close', () => reject(new Error('client closed the export')));
      });
    }
    response.end();
  }

  return {
    handle,
    async listen(port, host = '127.0.0.1') {
      server = createServer((request, response) => {
        handle(request, response)
          .then((handled) => {
            if (!handled) sendError(response, 404, 'NOT_FOUND', 'Not found: the activity API is /activity/events and /activity/export.');
          })
          .catch((err: unknown) => {
            deps.logger.error({ err }, 'activity HTTP handler failed');
            if (!response.headersSent) sendError(response, 500, 'INTERNAL_SERVER_ERROR', 'Something went wrong on our side.');
          });
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      return { url: `http://${host}:${address.port}` };
    },
    async close() {
      if (!server) return;
      const closing = server;
      server = undefined;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: { code, message } });
}
