import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkImportCycles, findCycles, importSpecifiers, loopThrough, resolveRelative } from '../check-import-cycles.mjs';

const graphOf = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));

describe('importSpecifiers', () => {
  it('lists static, type-only, re-exported and dynamic imports', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "import './e.js';",
      "const f = await import('./f.js');",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js']);
  });

  it('does not mistake comments or strings for imports', () => {
    const source = ["// import { x } from './commented.js';", 'const text = "import { y } from \'./quoted.js\'";'].join('\n');
    expect(importSpecifiers(source)).toEqual([]);
  });
});

describe('resolveRelative', () => {
  const known = new Set(['/p/src/a.ts', '/p/src/dir/index.ts', '/p/src/view.tsx']);
  it('maps an ESM `.js` specifier to its `.ts` source, a folder to its index, and extensionless names', () => {
    expect(resolveRelative('/p/src/b.ts', './a.js', known)).toBe('/p/src/a.ts');
    expect(resolveRelative('/p/src/b.ts', './dir', known)).toBe('/p/src/dir/index.ts');
    expect(resolveRelative('/p/src/b.ts', './view', known)).toBe('/p/src/view.tsx');
    expect(resolveRelative('/p/src/dir/index.ts', '../a.js', known)).toBe('/p/src/a.ts');
  });
  it('ignores package imports and files outside the scanned set', () => {
    expect(resolveRelative('/p/src/b.ts', 'mongoose', known)).toBeUndefined();
    expect(resolveRelative('/p/src/b.ts', './missing.js', known)).toBeUndefined();
  });
});

describe('findCycles', () => {
  it('finds none in a graph without loops (shared leaves are not cycles)', () => {
    expect(findCycles(graphOf({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }))).toEqual([]);
  });

  it('finds a two-file cycle, a longer one, and a file importing itself, each once', () => {
    const graph = graphOf({ a: ['b'], b: ['a'], c: ['d'], d: ['e'], e: ['c', 'f'], f: [], g: ['g'] });
    expect(findCycles(graph).sort()).toEqual([['a', 'b'], ['c', 'd', 'e'], ['g']]);
  });

  it('gives a concrete loop through a cycle for the message', () => {
    const graph = graphOf({ c: ['d'], d: ['e'], e: ['c'] });
    expect(loopThrough(['c', 'd', 'e'], graph)).toEqual(['c', 'd', 'e', 'c']);
  });

  it('walks a 20 000-file chain without overflowing the stack', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 20_000; i++) edges[`f${i}`] = [`f${i + 1}`];
    edges['f20000'] = ['f0'];
    const cycles = findCycles(graphOf(edges));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(20_001);
  });
});

describe('checkImportCycles on files on disk', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (path: string, source: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  };

  it('refuses new cycles, lets listed ones pass, and reports listed ones that are gone', () => {
    root = mkdtempSync(join(tmpdir(), 'vigil-kit-cycles-'));
    write('pkg/src/a.ts', "import type { B } from './b.js';\nexport const a = 1;");
    write('pkg/src/b.ts', "import { a } from './a.js';\nexport type B = typeof a;");
    write('pkg/src/c.ts', "export { d } from './nested/d.js';");
    write('pkg/src/nested/d.ts', "import '../c.js';\nexport const d = 1;");
    write('pkg/src/leaf.ts', "import { a } from './a.js';\nexport const leaf = a;");

    const report = checkImportCycles({
      root,
      packageDirs: [join(root, 'pkg')],
      knownCycles: [
        ['pkg/src/b.ts', 'pkg/src/a.ts'],
        ['pkg/src/gone.ts', 'pkg/src/a.ts'],
      ],
    });

    expect(report.allowed.map((cycle) => cycle.files)).toEqual([['pkg/src/a.ts', 'pkg/src/b.ts']]);
    expect(report.cycles).toEqual([
      { files: ['pkg/src/c.ts', 'pkg/src/nested/d.ts'], loop: ['pkg/src/c.ts', 'pkg/src/nested/d.ts', 'pkg/src/c.ts'] },
    ]);
    expect(report.staleEntries).toEqual([['pkg/src/gone.ts', 'pkg/src/a.ts']]);
  });
});
