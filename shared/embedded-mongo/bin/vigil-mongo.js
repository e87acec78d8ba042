#!/usr/bin/env node
// The `vigil-mongo` command. npm links a package's bins when it installs it, before `npm run build` has
// created dist/, and skips a bin whose file is missing; this committed launcher exists from the clone on, so
// `npx vigil-mongo` works once the package is built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('vigil-mongo: not built yet. Run `npm run build` (or `npm run build -w @vigil/embedded-mongo`) first.');
  process.exit(1);
}
await import(cli.href);
