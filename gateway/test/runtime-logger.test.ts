/**
 * The runtime's log lines about an upstream failure carry the whole subgraph request: the caller's variables and the
 * gateway-signed identity (a credential for that subgraph until it expires). Neither may reach the logs.
 */
import { describe, expect, it } from 'vitest';
import { withoutRequestData } from '../src/runtime-logger.js';
import { post } from './fixtures/gateway-client.js';
import { startReportsGateway, startReportsSubgraph } from './fixtures/reports-subgraph.js';
import { memoryLogger } from './fixtures/silent-logger.js';
import { token } from './fixtures/tokens.js';

describe('runtime log lines', () => {
  it('keep what failed and where, and drop the upstream request with its variables and signed identity', () => {
    // The shape the runtime logs for a failed subgraph call (seen as `read ECONNRESET`).
    const attrs = {
      message: 'read ECONNRESET',
      path: ['commentOnAlert'],
      extensions: {
        code: 'SUBREQUEST_HTTP_ERROR',
        serviceName: 'alerts',
        request: {
          method: 'POST',
          body: '{"query":"mutation($text:String!){commentOnAlert(text: $text){id}}","variables":{"text":"jane@example.com"},"extensions":{"vigilIdentity":"eyJhbGciOi.e30.sig"}}',
        },
        response: { status: 502, body: 'upstream said no' },
      },
      originalError: Object.assign(new Error('socket hang up'), { request: { headers: { authorization: 'Bearer x' } } }),
    };
    const kept = withoutRequestData(attrs);
    expect(kept).toEqual({
      message: 'read ECONNRESET',
      path: ['commentOnAlert'],
      extensions: { code: 'SUBREQUEST_HTTP_ERROR', serviceName: 'alerts' },
      originalError: { name: 'Error', message: 'socket hang up', stack: expect.any(String) },
    });
    expect(JSON.stringify(kept)).not.toMatch(/jane@example\.com|eyJ|Bearer|upstream said no/);
  });

  it('log a subgraph that does not answer without the signed identity the gateway sent it', async () => {
    const subgraph = await startReportsSubgraph();
    const { url } = await subgraph.start(0);
    const logger = memoryLogger();
    const gateway = await startReportsGateway(subgraph, url, { logger });
    try {
      await subgraph.stop();
      const answer = await post(gateway.url, 'query Owner($flag: Boolean!) { reportOwner @include(if: $flag) }', {
        token: await token({ sub: 'agent-7' }),
        variables: { flag: true },
      });
      expect(answer.body.errors?.length).toBeGreaterThan(0);
      const runtimeLines = logger.lines.filter((line) => (line.details as { component?: string }).component === 'hive-runtime');
      expect(runtimeLines.length).toBeGreaterThan(0);
      const logged = JSON.stringify(logger.lines);
      expect(logged).toContain('reports');
      expect(logged).not.toMatch(/eyJ|vigilIdentity|reportOwner @include/);
    } finally {
      await gateway.stop();
    }
  });
});
