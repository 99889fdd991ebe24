// Lint rules the team relies on: no unused imports/variables, no @ts-ignore,
// a platform library that imports no domain, and no focused, skipped or todo tests left behind.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vitest from '@vitest/eslint-plugin';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The platform library knows nothing of the application: no domain, no route table (test/unit/module-graph.test.ts checks the same).
  {
    files: ['lambdas/platform/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['../*'], message: 'lambdas/platform must not import the application (domains, app.ts, workers).' }] }] },
  },
  {
    files: ['lambdas/platform/*/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['../../*'], message: 'lambdas/platform must not import the application (domains, app.ts, workers).' }] }] },
  },
  {
    files: ['test/**/*.ts'],
    plugins: { vitest },
    rules: {
      'vitest/no-focused-tests': 'error',
      'vitest/no-disabled-tests': 'error',
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'assert*'] }],
    },
  },
);
