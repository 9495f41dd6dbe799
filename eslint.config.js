// @ts-check
import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Domain code must stay pure: no SDK, no Lambda types, no process globals. */
const pureDomain = {
  paths: [{ name: 'process', message: 'Domain code takes configuration through its factory, not from process.' }],
  patterns: [
    {
      group: ['@aws-sdk/*', 'aws-lambda', '@middy/*'],
      message: 'Domain code reaches AWS only through a port (shared/ports).',
    },
    {
      group: ['#shared/adapters/*', '**/adapters/**'],
      message: 'Domain code must not import adapters; inject them through ports.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules', 'cdk.out', '.local', 'coverage', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-param-reassign': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: [
      'shared/monitoring/**',
      'shared/drift/**',
      'shared/alerting/**',
      'shared/training/**',
      'shared/registry/**',
      'shared/retraining/**',
      'shared/ports/**',
      'shared/errors.ts',
      'shared/config-docs.ts',
      'shared/concurrency.ts',
    ],
    rules: { 'no-restricted-imports': ['error', pureDomain], 'no-restricted-globals': ['error', 'process'] },
  },
  {
    files: ['tests/**'],
    plugins: { vitest },
    rules: {
      ...vitest.configs.recommended.rules,
      'vitest/no-focused-tests': 'error',
      'vitest/no-disabled-tests': 'error',
      'vitest/expect-expect': [
        'error',
        { assertFunctionNames: ['expect', 'expect*', 'assert*', '*.hasResourceProperties', '*.resourceCountIs'] },
      ],
      'vitest/valid-expect': ['error', { maxArgs: 2 }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: 'commonjs',
      parserOptions: { projectService: false },
      globals: { require: 'readonly', process: 'readonly' },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
);
