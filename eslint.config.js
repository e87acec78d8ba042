import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
    ],
    rules: { 'no-console': 'off' },
  },
);
