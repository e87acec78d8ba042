import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  canAccessTenant,
  DomainError,
  hasRole,
  sendHttpError,
  type Role,
  type SubgraphHttpContext,
  type SubgraphHttpRoute,
} from '@vigil/core';

/** Runs after the role and tenant checks; `tenantId` is the checked `?tenantId=`. */
export type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  tenantId: string,
  context: SubgraphHttpContext,
) => Promise<void>;

/** Role and tenant checks shared by both routes; domain errors with a public code become 400 / 403. */
export function route(method: 'GET' | 'POST', path: string, roles: readonly Role[], handler: Handler): SubgraphHttpRoute {
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
        const code = err instanceof DomainError ? err.code : (err as { extensions?: { code?: string } }).extensions?.code;
        if (response.headersSent || (code !== 'BAD_USER_INPUT' && code !== 'FORBIDDEN')) throw err;
        sendHttpError(response, code === 'FORBIDDEN' ? 403 : 400, code, (err as Error).message);
      }
    },
  };
}

/** Writes with backpressure (the range is never held in memory); a client going away ends the generator and its cursors. */
export async function stream(lines: AsyncGenerator<string>, response: ServerResponse, onClientGone: () => void): Promise<void> {
  try {
    await pipeline(Readable.from(lines), response);
  } catch (err) {
    if (!response.writableFinished && response.destroyed && (err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') {
      onClientGone();
      return;
    }
    throw err;
  }
}
