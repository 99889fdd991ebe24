// Lint rules the team relies on: no unused imports/variables, no @ts-ignore,
// a platform library that imports no domain, Lambda code on zod/mini, and no focused, skipped or todo tests left behind.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vitest from '@vitest/eslint-plugin';

const CLASSIC_ZOD = { name: 'zod', message: "Lambda code imports 'zod/mini' (and types from 'zod/v4/core'): classic zod cannot be tree-shaken." };
const PLATFORM_ONLY = 'lambdas/platform must not import the application (domains, app.ts, workers).';

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
  // Lambda code uses zod/mini: classic zod attaches every method to every schema, so no bundler can trim it
  // (~170 KB per function). One rule object per file set, since a later one replaces an earlier one's options.
  {
    files: ['lambdas/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [CLASSIC_ZOD] }] },
  },
  // The platform library knows nothing of the application: no domain, no route table (test/unit/module-graph.test.ts checks the same).
  {
    files: ['lambdas/platform/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [CLASSIC_ZOD], patterns: [{ group: ['../*'], message: PLATFORM_ONLY }] }] },
  },
  {
    files: ['lambdas/platform/*/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [CLASSIC_ZOD], patterns: [{ group: ['../../*'], message: PLATFORM_ONLY }] }] },
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
