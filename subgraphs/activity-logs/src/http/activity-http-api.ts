/**
 * The activity-logs HTTP API beside GraphQL, for clients that cannot speak GraphQL, served by the subgraph
 * factory as `httpRoutes` and reached through the gateway (which authenticates the caller's JWT and signs the
 * request; the factory verifies that signature before these handlers run):
 *
 *   POST /activity/events?tenantId=T    body: NDJSON, one ActivityEventInput per line   role INGEST
 *        → 200 { recorded, duplicates, rejected, errors: [{ line, field, message }] }
 *          (400 when every line was rejected; 413 beyond MAX_NDJSON_LINES or MAX_NDJSON_BYTES, the latter
 *          before the body is read when Content-Length declares it, else at the chunk that crosses it)
 *   GET  /activity/export?tenantId=T&from=ISO&to=ISO&format=ndjson|ecs|csv         AUDITOR, ADMIN, SECURITY_ANALYST
 *        → streamed, oldest first; `ecs` uses Elastic Common Schema field names
 *   GET  /activity/export?tenantId=T&signedHeads=true[&fromSequence=N&toSequence=M | &from=ISO&to=ISO]
 *        → the verifiable export (ndjson in chain order with the signed heads, for `vigil-verify`)
 *   GET  /activity/signing-keys                                                    any verified caller
 *        → the public keys that sign chain heads, as a JWK set
 *
 * Errors: `{ errors: [{ message, extensions: { code } }] }`, as the graph answers.
 */
import {
  BodyTooLargeError,
  declaresBodyOver,
  limitBodyBytes,
  ROLE_GROUPS,
  sendBodyTooLarge,
  closeAfterAnswer,
  sendHttpError,
  sendJson,
  type Role,
  type SubgraphHttpRoute,
  type TenantReferences,
} from '@vigil/core';
import { EXPORT_FORMATS, type ExportFormat } from '../domain/export-format.js';
import { EXPORT_CONTENT_TYPES, type ActivityExportService } from '../application/activity-export.js';
import type { ActivityRecorder } from '../application/activity-recorder.js';
import { clientRecorder } from '../application/client-recorder.js';
import type { ChainExportService } from '../application/chain-export.js';
import type { CheckpointService } from '../application/checkpoints.js';
import type { TenantSettingsService } from '../application/tenant-settings.js';
import { chainRangeOf } from './chain-range.js';
import { ingestNdjson, MAX_NDJSON_BYTES, NdjsonLimitError } from './ndjson-ingest.js';
import { route, stream, type Handler } from './route.js';

export interface ActivityHttpApiDeps {
  readonly recorder: ActivityRecorder;
  readonly settings: TenantSettingsService;
  readonly exporter: ActivityExportService;
  readonly chainExporter: ChainExportService;
  readonly checkpoints: CheckpointService;
  /** Which account ids are a tenant's: lines naming another tenant's (or no) account are rejected. */
  readonly accounts: TenantReferences;
}

export const ACTIVITY_EVENTS_PATH = '/activity/events';
export const ACTIVITY_EXPORT_PATH = '/activity/export';
export const ACTIVITY_SIGNING_KEYS_PATH = '/activity/signing-keys';

const INGEST_ROLES: readonly Role[] = ['INGEST'];
const EXPORT_ROLES: readonly Role[] = ROLE_GROUPS.piiReaders;

/** The routes, for `createSubgraphServer({ httpRoutes })`. */
export function createActivityHttpRoutes(deps: ActivityHttpApiDeps): readonly SubgraphHttpRoute[] {
  const ingest: Handler = async (request, response, _url, tenantId, { identity }) => {
    // Before the body is read: a caller whose subject cannot be recorded records nothing (403, ADR 145).
    const recordedBy = clientRecorder(identity);
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/(x-ndjson|jsonl|x-jsonlines)\b/.test(type)) {
      sendHttpError(response, 415, 'BAD_REQUEST', 'Send Content-Type: application/x-ndjson, one JSON event per line.');
      return;
    }
    if (declaresBodyOver(request, MAX_NDJSON_BYTES)) return sendBodyTooLarge(response, MAX_NDJSON_BYTES);
    // Counted as it streams: a chunked upload is cut at the chunk that crosses the cap, the rest is never read.
    const limited = request.pipe(limitBodyBytes(MAX_NDJSON_BYTES));
    try {
      const report = await ingestNdjson(limited, tenantId, deps.recorder, deps.settings, deps.accounts, recordedBy);
      const status = report.recorded + report.duplicates === 0 && report.rejected > 0 ? 400 : 200;
      sendJson(response, status, report);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        request.unpipe();
        request.pause();
        return sendBodyTooLarge(response, MAX_NDJSON_BYTES);
      }
      if (!(err instanceof NdjsonLimitError)) throw err;
      request.unpipe();
      request.pause();
      closeAfterAnswer(response);
      sendHttpError(response, 413, 'BAD_REQUEST', err.message);
    }
  };

  const exportRange: Handler = async (request, response, url, tenantId, context) => {
    if (url.searchParams.get('signedHeads') === 'true') return exportChain(request, response, url, tenantId, context);
    const { identity, logger } = context;
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
    await stream(deps.exporter.lines(identity, exportRequest), response, () =>
      logger.info({ tenantId }, 'activity export ended early: the client closed the connection'),
    );
  };

  const exportChain: Handler = async (_request, response, url, tenantId, { identity, logger }) => {
    const format = url.searchParams.get('format') ?? 'ndjson';
    if (format !== 'ndjson')
      return sendHttpError(response, 400, 'BAD_USER_INPUT', 'signedHeads=true exports format=ndjson only.');
    const range = chainRangeOf(url.searchParams);
    if (typeof range === 'string') return sendHttpError(response, 400, 'BAD_USER_INPUT', range);
    const plan = await deps.chainExporter.plan(identity, tenantId, range);
    response.statusCode = 200;
    response.setHeader('content-type', EXPORT_CONTENT_TYPES.ndjson);
    response.setHeader(
      'content-disposition',
      `attachment; filename="activity-${tenantId}-chain-${plan?.from ?? 0}-${plan?.to ?? 0}.ndjson"`,
    );
    if (!plan) return void response.end();
    await stream(deps.chainExporter.lines(identity, tenantId, plan), response, () =>
      logger.info({ tenantId }, 'activity chain export ended early: the client closed the connection'),
    );
  };

  const signingKeys: SubgraphHttpRoute = {
    method: 'GET',
    path: ACTIVITY_SIGNING_KEYS_PATH,
    async handle(_request, response) {
      // Public keys are public: any caller the gateway verified may fetch them.
      response.setHeader('cache-control', 'max-age=300');
      sendJson(response, 200, deps.checkpoints.publicKeys());
    },
  };

  return [
    route('POST', ACTIVITY_EVENTS_PATH, INGEST_ROLES, ingest),
    route('GET', ACTIVITY_EXPORT_PATH, EXPORT_ROLES, exportRange),
    signingKeys,
  ];
}
