import { defineConfig } from 'vite';

// Served by the gateway under /wall/ (same origin as /graphql, so no CORS and a strict CSP).
export default defineConfig({
  base: '/wall/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0 },
});
