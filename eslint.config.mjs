// Lint: typescript-eslint everywhere, plus purity rules for Temporal workflow code, which runs
// in a deterministic sandbox and must not reach Node builtins, Nest, TypeORM, mail or the SDK's
// client/worker/activity packages.
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const forbiddenInWorkflows = [
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
  '@nestjs/*',
  'typeorm',
  'mysql2',
  'nodemailer',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];

export default tseslint.config(
  {
    ignores: [
      'test/fixtures/**',
      'dist/**',
      'node_modules/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.mts',
      'apps/web/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenInWorkflows.filter((m) => !m.includes('*')).map((name) => ({
            name,
            message: 'Workflow code is deterministic and sandboxed: do I/O in an activity instead.',
          })),
          patterns: [
            { group: ['@nestjs/*'], message: 'Nest does not belong in workflow code.' },
            {
              group: ['@banli/*'],
              message: 'The Temporal bundler ignores tsconfig paths: workflow code uses relative imports.',
            },
            { group: ['**/apps/**'], message: 'Workflow code depends on libs/ only.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setInterval', message: 'Use workflow timers (sleep/condition).' }],
    },
  },
  {
    // the worker runs without the HTTP API: what both need lives in libs/
    files: ['apps/worker/**/*.ts', 'activities/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/api/**', '**/api/src/**'], message: 'Move shared code to libs/.' }] },
      ],
    },
  },
  // the web workspace: Vue single-file components (eslint-plugin-vue), TypeScript in their scripts
  ...pluginVue.configs['flat/recommended'].map((c) => ({ ...c, files: ['apps/web/**/*.vue'] })),
  {
    files: ['apps/web/**/*.vue'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: {
        ...tseslint.configs.disableTypeChecked.languageOptions.parserOptions,
        parser: tseslint.parser,
        extraFileExtensions: ['.vue'],
        sourceType: 'module',
      },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      // vue-tsc checks names; core no-undef knows neither DOM globals nor type-only names here
      'no-undef': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
