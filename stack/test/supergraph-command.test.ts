/**
 * `npm run supergraph` prints the composed supergraph SDL on stdout, and nothing else there (logs go to stderr), so
 * its output can be piped to a file for other routers and schema checks. Runs the compiled command (`npm test` builds).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildASTSchema, parse } from 'graphql';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const command = fileURLToPath(new URL('../dist/supergraph.js', import.meta.url));

it('prints a supergraph SDL that parses, with our four subgraphs joined', async () => {
  const env = { ...process.env, NODE_ENV: 'test', MONGODB_URI: '', REDIS_URL: '', GATEWAY_PORT: '0', SUPERGRAPH_CONFIG: '' };
  const { stdout } = await run(process.execPath, [command], { env, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 });
  const document = parse(stdout);
  for (const name of ['ACCOUNTS', 'ACTIVITY_LOGS', 'RECOVERY_CASES', 'ALERTS']) {
    expect(stdout).toMatch(new RegExp(`${name} @join__graph\\(name: "[a-z-]+", url: "http://127\\.0\\.0\\.1:\\d+/graphql"\\)`));
  }
  expect(document.definitions.some((definition) => definition.kind === 'SchemaDefinition')).toBe(true);
  expect(() => buildASTSchema(document, { assumeValidSDL: true })).not.toThrow();
}, 120_000);
