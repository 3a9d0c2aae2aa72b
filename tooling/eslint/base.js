// Shared flat config: typescript-eslint's type-checked rules, formatting left to Prettier.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

import { LAYER_EXEMPT_FILES, LAYER_IMPORTS } from './boundaries.js';
import { tasklanePlugin } from './rules/scoped-queries.js';

/**
 * @param {string} tsconfigRootDir
 * @param {{ layer?: keyof typeof LAYER_IMPORTS }} [options] the package's place in the layers
 */
export function tasklaneConfig(tsconfigRootDir, options = {}) {
  const layer =
    options.layer === undefined
      ? []
      : [
          { rules: { 'no-restricted-imports': ['error', LAYER_IMPORTS[options.layer]] } },
          { files: LAYER_EXEMPT_FILES, rules: { 'no-restricted-imports': 'off' } },
        ];
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', '.data/**', '*.config.js', '*.config.ts', '**/*.mjs'] },
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      plugins: { tasklane: tasklanePlugin },
      rules: {
        // Every query on a user-owned table goes through its scope module (scoped-tables.js).
        'tasklane/scoped-queries': 'error',
        // tRPC's own habits: few parameters (pass an object beyond three), exhaustive switches.
        'max-params': ['error', 3],
        // A `default` branch is an explicit choice; a switch without one must name every member.
        '@typescript-eslint/switch-exhaustiveness-check': [
          'error',
          { considerDefaultExhaustiveForUnions: true },
        ],
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-non-null-assertion': 'error',
        '@typescript-eslint/no-explicit-any': 'error',
        '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
        // process.env is read in exactly one validated env.ts per app.
        'no-restricted-properties': [
          'error',
          { object: 'process', property: 'env', message: 'Read configuration from env.ts.' },
        ],
      },
    },
    {
      files: [
        '**/env.ts',
        '**/*.test.ts',
        '**/*.test.tsx',
        '**/test/**',
        '**/testing/**',
        '**/e2e/**',
      ],
      rules: { 'no-restricted-properties': 'off' },
    },
    ...layer,
    prettier,
  );
}
