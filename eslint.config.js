import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const DOMAIN_RULE = 'domain/ (ADR 012) imports only node built-ins, other domain files and @vigil/core/domain';

// What a subgraph's domain/ may not import (type-only imports included: they couple the domain all the same).
const DOMAIN_IMPORT_RESTRICTIONS = {
  paths: ['mongoose', 'graphql', 'type-graphql', 'graphql-scalars', '@vigil/core'].map((name) => ({
    name,
    message: DOMAIN_RULE,
  })),
  patterns: [
    { group: ['mongoose/*', 'graphql/*', 'type-graphql/*', 'graphql-scalars/*', '@apollo/*'], message: DOMAIN_RULE },
    { regex: '^@vigil/core/(?!domain$)', message: DOMAIN_RULE },
    // Up and out of domain/ into the subgraph's other layers (or its root files).
    { regex: '^(\\.\\./)+(adapters|application|graphql|http)(/|$)', message: DOMAIN_RULE },
    { regex: '^(\\.\\./)+(config|permissions|index|metrics)(\\.js)?$', message: DOMAIN_RULE },
  ],
};

/**
 * Domain files that still break the rule above on main, each being moved by its subgraph's issue-#12 helper, who
 * removes it here. Keep this list empty.
 */
const DOMAIN_IMPORTS_PENDING = [
  'subgraphs/alerts/src/domain/detection-engine.ts',
  'subgraphs/alerts/src/domain/detection-event.ts',
  'subgraphs/recovery-cases/src/domain/case-lifecycle.ts',
  'subgraphs/recovery-cases/src/domain/contact-change.ts',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '.turbo/**', 'wall/src/gql/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Command-line tools and benchmarks print to the terminal by design.
    files: [
      '**/cli.ts',
      '**/main.ts',
      '**/serve.ts',
      '**/mint-token.ts',
      '**/keygen.ts',
      '**/supergraph.ts',
      'bench/**',
      'scripts/**',
      'wall/scripts/**',
    ],
    rules: { 'no-console': 'off' },
  },

  {
    // ADR 012: a subgraph's domain/ is the business alone. No storage, no transport, no core beyond its
    // transport-free entry point (`@vigil/core/domain`), nothing of the subgraph outside domain/.
    files: ['subgraphs/*/src/domain/**/*.ts'],
    ignores: DOMAIN_IMPORTS_PENDING,
    rules: { 'no-restricted-imports': ['error', DOMAIN_IMPORT_RESTRICTIONS] },
  },
);
