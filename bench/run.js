// `npm run bench`: every benchmark, one after another, each in its own process (so one's heap and sockets
// do not skew the next). Each prints its own figures and ratios from one run. Pass names to run a subset:
// `npm run bench -- alerts`. Needs a build first (`npm run bench` builds).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// A benchmark is a folder with an index.js (`support/` holds what they share).
const all = readdirSync(here).filter(
  (name) => statSync(join(here, name)).isDirectory() && existsSync(join(here, name, 'index.js')),
);
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !all.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${all.join(', ')}.`);
  process.exit(2);
}

let failed = 0;
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`\n=== bench/${name} ===`);
  const result = spawnSync(
    process.execPath,
    ['--max-old-space-size=8192', '--max-semi-space-size=64', join(here, name, 'index.js')],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error(`bench/${name} failed (exit ${result.status ?? result.signal}).`);
    failed += 1;
  }
}
process.exit(failed > 0 ? 1 : 0);
