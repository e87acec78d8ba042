import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPERGRAPH_CONFIG, loadSupergraphConfig, parseSupergraphConfig } from '../src/index.js';

describe('supergraph config', () => {
  it('ships our four subgraphs by default, with the activity-logs HTTP routes', async () => {
    const subgraphs = await loadSupergraphConfig(DEFAULT_SUPERGRAPH_CONFIG);
    expect(subgraphs.map((subgraph) => subgraph.name)).toEqual(['accounts', 'activity-logs', 'recovery-cases', 'alerts']);
    expect(subgraphs.find((subgraph) => subgraph.name === 'activity-logs')?.httpRoutes).toEqual([
      '/activity/events',
      '/activity/export',
      '/activity/signing-keys',
    ]);
  });

  it('lists the same HTTP routes in the docker-compose config', async () => {
    const compose = await loadSupergraphConfig(
      DEFAULT_SUPERGRAPH_CONFIG.replace('supergraph.config.json', 'supergraph.compose.json'),
    );
    expect(compose.find((subgraph) => subgraph.name === 'activity-logs')?.httpRoutes).toEqual([
      '/activity/events',
      '/activity/export',
      '/activity/signing-keys',
    ]);
  });

  it('accepts partner subgraphs next to ours', () => {
    const subgraphs = parseSupergraphConfig(
      {
        subgraphs: [
          { name: 'accounts', url: 'http://accounts:4001/graphql' },
          { name: 'partner-crm', url: 'https://crm.example/graphql' },
        ],
      },
      'test',
    );
    expect(subgraphs).toHaveLength(2);
  });

  it.each([
    [{}, /expected \{ "subgraphs"/],
    [{ subgraphs: [] }, /expected \{ "subgraphs"/],
    [{ subgraphs: [{ name: 'Accounts!', url: 'http://a/graphql' }] }, /subgraphs\[0\]\.name/],
    [{ subgraphs: [{ name: 'a', url: 'ftp://a/graphql' }] }, /"a" needs an http\(s\) url/],
    [
      {
        subgraphs: [
          { name: 'a', url: 'http://a/graphql' },
          { name: 'a', url: 'http://b/graphql' },
        ],
      },
      /"a" is listed twice/,
    ],
    [{ subgraphs: [{ name: 'a', url: 'http://a/graphql', httpRoutes: '/x' }] }, /"a" httpRoutes must be a list of paths/],
    [
      { subgraphs: [{ name: 'a', url: 'http://a/graphql', httpRoutes: ['x'] }] },
      /"a" httpRoutes entry "x" must be an absolute path/,
    ],
    [{ subgraphs: [{ name: 'a', url: 'http://a/graphql', httpRoutes: ['/a/*'] }] }, /entry "\/a\/\*" must be an absolute path/],
    [
      { subgraphs: [{ name: 'a', url: 'http://a/graphql', httpRoutes: ['/graphql'] }] },
      /entry "\/graphql" is served by the gateway itself/,
    ],
    [
      {
        subgraphs: [
          { name: 'a', url: 'http://a/graphql', httpRoutes: ['/x'] },
          { name: 'b', url: 'http://b/graphql', httpRoutes: ['/x'] },
        ],
      },
      /HTTP route "\/x" is listed by "a" and "b"/,
    ],
  ])('rejects %j with a message saying what to fix', (value, message) => {
    expect(() => parseSupergraphConfig(value, 'supergraph.json')).toThrow(message);
  });

  it('names the file it cannot read', async () => {
    await expect(loadSupergraphConfig('/nonexistent/supergraph.json')).rejects.toThrow(/\/nonexistent\/supergraph\.json/);
  });
});
