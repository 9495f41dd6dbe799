// @ts-check
import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * The layers' import rules (tests/unit/architecture/import-graph.test.ts checks the same from
 * the whole graph, and that no folder cycle exists).
 * - domain/<context>: its own folder, domain/kernel and lib/ only; never the SDK, Lambda or process.
 * - lib/: pure code; no domain, no platform, no SDK.
 */
// Regexes, not gitignore groups: in gitignore syntax a leading '#' starts a comment.
const OUTER_LAYERS = '^#(adapters|platform|wiring|contracts|catalog|functions|infra|local)/';
const pureDomain = {
  paths: [{ name: 'process', message: 'Domain code takes configuration through its factory, not from process.' }],
  patterns: [
    {
      regex: '^(@aws-sdk/|aws-lambda$|@middy/|zod($|/))',
      message: 'Domain code reaches AWS and the edge only through a port it owns (<context>.ports.ts).',
    },
    {
      regex: OUTER_LAYERS,
      message:
        'Domain code must not import adapters, platform, wiring, contracts or the catalog; inject through ports.',
    },
    {
      regex: '^(#domain/(?!kernel/)|\\.\\./)',
      message: 'A context imports only its own folder, domain/kernel and lib/; shared needs go to the kernel or lib.',
    },
  ],
};
const pureLib = {
  paths: [{ name: 'process', message: 'lib/ is pure.' }],
  patterns: [
    {
      regex: '^(@aws-sdk/|aws-lambda$|@middy/|#domain/)',
      message: 'lib/ holds pure code that depends on nothing of the platform.',
    },
    { regex: OUTER_LAYERS, message: 'lib/ holds pure code that depends on nothing of the platform.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules', 'cdk.out', '.local', 'coverage', 'bench/results', 'web/dist'] },
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
    files: ['domain/**'],
    rules: { 'no-restricted-imports': ['error', pureDomain], 'no-restricted-globals': ['error', 'process'] },
  },
  {
    files: ['lib/**'],
    rules: { 'no-restricted-imports': ['error', pureLib], 'no-restricted-globals': ['error', 'process'] },
  },
  {
    // Event handlers in JSX are arrow shorthands that call a setter: `onInput={(e) => setX(…)}`.
    files: ['web/src/**'],
    rules: { '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }] },
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
