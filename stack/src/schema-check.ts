#!/usr/bin/env node
/**
 * `npm run schema:check` (CI, before the tests): composes the supergraph as `npm run supergraph` does and fails when
 * it breaks clients' operations against the committed `schema/supergraph.graphql`, unless each breaking change is
 * listed with a reason in `schema/accepted-breaking-changes.json`. `--write` (`npm run schema:update`) rewrites the
 * committed file instead. Composition uses our subgraphs only (SUPERGRAPH_CONFIG is ignored): partners' schemas are
 * theirs to version.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createLogger } from '@vigil/core';
import { diffSupergraphs, parseAcceptedBreakingChanges } from './schema-diff.js';
import { startStack } from './stack.js';

const schemaFile = new URL('../../schema/supergraph.graphql', import.meta.url);
const acceptedFile = new URL('../../schema/accepted-breaking-changes.json', import.meta.url);
const write = process.argv.includes('--write');

const logger = createLogger({ name: 'schema-check', level: process.env.LOG_LEVEL || 'warn', destination: process.stderr });
const env = { ...process.env, MONGO_DATA_DIR: '', SUPERGRAPH_CONFIG: '' };
const stack = await startStack({ env, ports: 'ephemeral', gatewayPort: 0, seed: false, logger });
// Subgraph URLs carry this run's ephemeral ports: the committed file names the subgraph, not where it ran.
const composed = `${stack.supergraphSdl.trimEnd().replace(/(@join__graph\(name: "[^"]+", url: ")[^"]*"/g, '$1"')}\n`;
await stack.stop();

if (write) {
  await writeFile(schemaFile, composed);
  process.stdout.write(`Wrote ${schemaFile.pathname}\n`);
  process.exit(0);
}

const committed = await readFile(schemaFile, 'utf8');
const accepted = parseAcceptedBreakingChanges(await readFile(acceptedFile, 'utf8'));
const diff = diffSupergraphs(committed, composed, accepted);
for (const change of diff.acknowledged) process.stdout.write(`accepted breaking change: ${change}\n`);
if (diff.unacknowledged.length > 0) {
  console.error('The supergraph breaks clients of schema/supergraph.graphql:');
  for (const change of diff.unacknowledged) console.error(`  - ${change}`);
  console.error(
    'Restore the field/type, or list each change with a reason in schema/accepted-breaking-changes.json, then run `npm run schema:update`.',
  );
  process.exit(1);
}
if (committed !== composed) {
  console.warn('schema/supergraph.graphql is out of date (no breaking change): run `npm run schema:update` and commit it.');
}
process.stdout.write('Schema check passed.\n');
process.exit(0);
