#!/usr/bin/env node
/**
 * `npm run documents:manifest`: the trusted documents manifest (`{ "<sha256>": "<document>" }`) from the clients'
 * operations. Usage: `node gateway/dist/documents-manifest.js --out <file> <path>...` (files or folders of
 * `.graphql` files and sources with `graphql(`…`)` templates). Prints one line per operation: id and name.
 */
import { writeFileSync } from 'node:fs';
import { collectOperations } from './trusted-documents/collect.js';

function main(argv: readonly string[]): void {
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? argv[outAt + 1] : undefined;
  const paths = argv.filter((_, index) => index !== outAt && index !== outAt + 1);
  if (!out || paths.length === 0) {
    console.error('Usage: documents-manifest --out <manifest.json> <file-or-folder>...');
    process.exit(2);
  }
  const operations = collectOperations(paths).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const manifest: Record<string, string> = {};
  for (const operation of operations) {
    manifest[operation.id] = operation.document;
    process.stdout.write(`${operation.id}  ${operation.name}\n`);
  }
  writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`${operations.length} operations → ${out}\n`);
}

main(process.argv.slice(2));
