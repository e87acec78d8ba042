#!/usr/bin/env node
// Refuses import cycles among the TypeScript sources of every workspace package (ADR 012: dependencies point
// inward). Run by `npm run lint`. No dependency of its own: TypeScript's pre-processor lists each file's imports
// (static, `export … from`, type-only and dynamic alike), Tarjan's algorithm finds the strongly connected parts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/**
 * Cycles known when the check landed, each with the reason it may stay for now. An entry matches a cycle only
 * when the cycle holds exactly these files; an entry that no longer matches fails the check, so whoever breaks
 * the cycle also removes its entry. Keep this list empty.
 */
export const KNOWN_CYCLES = [
  // Issue #12: the alerts restructure splits the detection settings service from the rule source; that helper
  // removes this entry.
  ['subgraphs/alerts/src/services/detection-settings-service.ts', 'subgraphs/alerts/src/services/tenant-rule-source.ts'],
  // Issue #12, same helper: rule-catalog.ts takes RULE_DEFINITIONS from rules/index.ts while every rule takes its
  // types from rule-catalog.ts; the catalogue's types move out of the catalogue and this entry goes.
  [
    'subgraphs/alerts/src/domain/detection-history.ts',
    'subgraphs/alerts/src/domain/finding.ts',
    'subgraphs/alerts/src/domain/rule-catalog.ts',
    'subgraphs/alerts/src/domain/tenant-rules.ts',
    ...[
      'account-brute-force',
      'brute-force',
      'credential-helpers',
      'credential-stuffing',
      'evaluator',
      'impossible-travel',
      'index',
      'login-history',
      'mfa-fatigue',
      'new-device-or-country',
      'password-spray',
      'rapid-profile-changes',
      'recovery-abuse',
      'reset-flood',
      'success-after-attack',
      'takeover-chain',
      'third-party-denied',
      'third-party-grant',
      'unusual-transaction',
    ].map((rule) => `subgraphs/alerts/src/domain/rules/${rule}.ts`),
  ],
];

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'gql']);

/** Every `.ts`/`.tsx` file (not `.d.ts`) under `dir`, recursively; generated and built folders skipped. */
export function sourceFilesUnder(dir) {
  if (!existsSync(dir)) return [];
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...sourceFilesUnder(path));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files;
}

/** The module specifiers a source file imports or re-exports; comments and strings are not mistaken for imports. */
export function importSpecifiers(source) {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

/**
 * The file a relative specifier names among `known` files (absolute paths), or undefined for a package import
 * or a file outside the scanned set. ESM sources name `./x.js` for `./x.ts`.
 */
export function resolveRelative(fromFile, specifier, known) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), specifier);
  const stem = base.replace(/\.(m?js|jsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  return candidates.find((candidate) => known.has(candidate));
}

/** `graph`: Map<file, Set<file>>. Returns the strongly connected components that are cycles (size > 1 or a self-import). */
export function findCycles(graph) {
  // Iterative Tarjan: recursion would overflow on a long import chain.
  const index = new Map();
  const lowLink = new Map();
  const onStack = new Set();
  const stack = [];
  const cycles = [];
  let next = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work = [{ node: root, edges: [...(graph.get(root) ?? [])], at: 0 }];
    index.set(root, next);
    lowLink.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.at < frame.edges.length) {
        const target = frame.edges[frame.at++];
        if (!index.has(target)) {
          index.set(target, next);
          lowLink.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edges: [...(graph.get(target) ?? [])], at: 0 });
        } else if (onStack.has(target)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node), index.get(target)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        lowLink.set(parent, Math.min(lowLink.get(parent), lowLink.get(frame.node)));
      }
      if (lowLink.get(frame.node) !== index.get(frame.node)) continue;
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      const selfImport = component.length === 1 && graph.get(frame.node)?.has(frame.node);
      if (component.length > 1 || selfImport) cycles.push(component.sort());
    }
  }
  return cycles;
}

/** One concrete loop through a cycle's files (shortest path from its first file back to it), for the message. */
export function loopThrough(cycle, graph) {
  const members = new Set(cycle);
  const start = cycle[0];
  const cameFrom = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]));
        return [...path, start];
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

/** Import graph of the given files (absolute paths): relative imports between them only. */
export function importGraph(files, readSource = (file) => readFileSync(file, 'utf8')) {
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const targets = new Set();
    for (const specifier of importSpecifiers(readSource(file))) {
      const target = resolveRelative(file, specifier, known);
      if (target) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/**
 * Checks `packageDirs` (absolute): `{ cycles, allowed, staleEntries }` with paths relative to `root`.
 * `cycles` are the refused ones, each `{ files, loop }`.
 */
export function checkImportCycles({ root, packageDirs, knownCycles = KNOWN_CYCLES, readSource }) {
  const files = packageDirs.flatMap((dir) => sourceFilesUnder(join(dir, 'src')));
  const graph = importGraph(files, readSource);
  const toRelative = (file) => relative(root, file).split(sep).join('/');
  const knownKeys = new Map(knownCycles.map((entry) => [[...entry].sort().join('\n'), entry]));
  const cycles = [];
  const allowed = [];
  for (const cycle of findCycles(graph)) {
    const found = { files: cycle.map(toRelative), loop: loopThrough(cycle, graph).map(toRelative) };
    const key = found.files.join('\n');
    if (knownKeys.has(key)) {
      allowed.push(found);
      knownKeys.delete(key);
    } else {
      cycles.push(found);
    }
  }
  return { cycles, allowed, staleEntries: [...knownKeys.values()] };
}

/** The workspace package folders named in the root package.json. */
export function workspacePackageDirs(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return manifest.workspaces.map((workspace) => join(root, workspace));
}

function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { cycles, allowed, staleEntries } = checkImportCycles({ root, packageDirs: workspacePackageDirs(root) });
  for (const cycle of allowed) console.warn(`import cycle allowed for now (KNOWN_CYCLES): ${cycle.loop.join(' → ')}`);
  for (const cycle of cycles) {
    console.error(`import cycle (${cycle.files.length} files): ${cycle.loop.join(' → ')}`);
    for (const file of cycle.files) console.error(`  ${file}`);
  }
  for (const entry of staleEntries) {
    console.error(`KNOWN_CYCLES entry no longer a cycle; remove it from scripts/check-import-cycles.mjs: ${entry.join(', ')}`);
  }
  if (cycles.length > 0 || staleEntries.length > 0) {
    process.exitCode = 1;
    return;
  }
  console.log(`import cycles: none refused (${allowed.length} allowed for now)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
