#!/usr/bin/env node
// Launcher for the offline export verifier. npm links this file at install time, before dist/ exists;
// it loads the compiled verifier when run (build first: npm run build).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/adapters/cli/cli.js', import.meta.url);
if (!existsSync(compiled)) {
  console.error('vigil-verify: build Vigil first (npm run build): dist/adapters/cli/cli.js is missing.');
  process.exit(2);
}
const { main } = await import(compiled.href);
process.exitCode = await main(process.argv.slice(2));
