/** The gateway's HTTP route proxy when the subgraph behind a route is gone. */
import { describe, expect, it } from 'vitest';
import { bearer, startReportsGateway, startReportsSubgraph } from './fixtures/reports-subgraph.js';
import { memoryLogger } from './fixtures/silent-logger.js';

describe('gateway HTTP routes when the subgraph is down', () => {
  it('answers 502 BAD_GATEWAY naming the subgraph, and keeps serving', async () => {
    const downstream = await startReportsSubgraph();
    const { url } = await downstream.start(0);
    const logger = memoryLogger();
    const lonely = await startReportsGateway(downstream, url, { limits: { maxDepth: 5, maxCost: 100 }, logger });
    try {
      await downstream.stop();
      const origin = new URL(lonely.url).origin;
      const response = await fetch(`${origin}/reports/lines?tenantId=demo`, { headers: await bearer() });
      expect(response.status).toBe(502);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]).toEqual({
        message: 'The reports service did not answer; try again shortly.',
        extensions: { code: 'BAD_GATEWAY' },
      });
      expect(logger.lines.some((line) => line.message === 'HTTP route upstream failed')).toBe(true);
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    } finally {
      await lonely.stop();
    }
  });
});
