import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// One config for the whole monorepo. Tests import workspace packages from their TypeScript sources
// (no stale dist). SWC compiles them because type-graphql needs decorator metadata, which Vite's own
// transform did not emit here (it failed on the decorators of a test file).
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const workspaceSources = {
  '@vigil/embedded-mongo': here('./shared/embedded-mongo/src/index.ts'),
  // Before '@vigil/core': an alias also matches its subpaths, and the first match wins.
  '@vigil/core/domain': here('./shared/core/src/domain/index.ts'),
  '@vigil/core': here('./shared/core/src/index.ts'),
  '@vigil/accounts': here('./subgraphs/accounts/src/index.ts'),
  '@vigil/activity-logs': here('./subgraphs/activity-logs/src/index.ts'),
  '@vigil/recovery-cases': here('./subgraphs/recovery-cases/src/index.ts'),
  '@vigil/alerts': here('./subgraphs/alerts/src/index.ts'),
  '@vigil/gateway': here('./gateway/src/index.ts'),
  '@vigil/stack': here('./stack/src/index.ts'),
  '@vigil/testing/stack': here('./shared/testing/src/stack.ts'),
  '@vigil/testing/gateway': here('./shared/testing/src/gateway.ts'),
  '@vigil/testing': here('./shared/testing/src/index.ts'),
};

const shared = {
  plugins: [
    swc.vite({
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
      },
    }),
  ],
  resolve: {
    alias: {
      ...workspaceSources,
      // Without this, ESM and CJS entry points load two copies of graphql ("from another module or realm").
      graphql: here('./node_modules/graphql/index.js'),
    },
  },
};

// Test files of a worker share one module graph (isolate: false). Loading the graph — Hive's gateway runtime, Apollo,
// mongoose, type-graphql, OpenTelemetry — cost each file seconds, and isolated files spent more time importing than
// testing (the gateway project: 215 s isolated, 24 s shared, same machine and load). The price is a rule every test
// file keeps: stop what it starts and restore what it changes (process.env, global providers) in its after-hooks.
// A test's timeout only catches a hang: it is no speed check. 120 s, because the randomized and end-to-end tests
// that take 10-15 s alone took past 30 s in CI on a loaded two-core machine (the window-cache comparison did).
const project = (name: string, dir: string, testTimeout = 120_000) => ({
  ...shared,
  test: {
    name,
    root: here(dir),
    include: ['test/**/*.test.ts'],
    testTimeout,
    hookTimeout: 60_000,
    isolate: false,
  },
});

export default defineConfig({
  ...shared,
  test: {
    maxWorkers: 2,
    projects: [
      project('@vigil/embedded-mongo', './shared/embedded-mongo'),
      project('@vigil/core', './shared/core'),
      project('@vigil/testing', './shared/testing'),
      project('@vigil/accounts', './subgraphs/accounts'),
      project('@vigil/activity-logs', './subgraphs/activity-logs'),
      project('@vigil/recovery-cases', './subgraphs/recovery-cases'),
      project('@vigil/alerts', './subgraphs/alerts'),
      project('@vigil/gateway', './gateway'),
      project('@vigil/stack', './stack'),
      project('@vigil/wall', './wall'),
      project('@vigil/scripts', './scripts'),
      project('e2e', './'),
    ],
  },
});
