// Shared lint rules for every package: typescript-eslint's recommended type-aware set, no import cycles
// between files, Prettier owns formatting.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * Functions that fit on a screen: a longer one is read by scrolling, and usually does several jobs that
 * want names of their own. For the source of core, the simulator and the two adapters (tests may be longer):
 * core, the simulator and Node-RED add it for their `src`; the n8n package's folders are listed below.
 */
export function functionsFitOnAScreen(files) {
  return {
    files,
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  };
}

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/test-results/**', '**/.toolchain/**', '**/coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // A cycle makes the order modules initialise in matter, and hides which of two files is the lower one.
    files: ['**/*.ts', '**/*.mts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  // The n8n package lints with this file directly (its own eslint.config.mjs must stay n8n's default for
  // n8n's strict mode), from its own folder: these folders are its source.
  functionsFitOnAScreen(['nodes/**/*.ts', 'credentials/**/*.ts', 'shared/**/*.ts']),
  prettier,
);
