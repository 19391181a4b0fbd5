// Lint keeps the process boundaries of DESIGN.md honest:
// - main/core, main/engine and main/text never import electron (nor React or
//   DOM code): the engine and its OCR run under plain Node in tests, the CLI
//   and the benchmark;
// - renderer code never imports Node modules or electron: pages are sandboxed
//   and reach the app only through their preload's bridge;
// - preloads import only electron and bundled code.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const electronImport = {
  name: 'electron',
  message: 'main/core and main/engine run without Electron (DESIGN.md): pass what you need in through an interface.',
};

const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'location'].map(
  (name) => ({ name, message: 'main/core and main/engine have no DOM.' }),
);

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: [
      'main/**/*.ts',
      'scripts/**/*.{ts,mjs,js}',
      'test/**/*.{ts,tsx,mjs}',
      'bench/**/*.ts',
      'models/**/*.ts',
      '*.{js,ts}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // main/models (the downloader) and main/remote (model servers) are shared by the app and the CLI,
    // so they run without Electron too; safeStorage comes in through one thin adapter.
    // main/text (the OCR) runs in the engine process, the CLI and the benchmark, never in Electron's main.
    files: [
      'main/core/**/*.ts',
      'main/engine/**/*.ts',
      'main/models/**/*.ts',
      'main/remote/**/*.ts',
      'main/text/**/*.ts',
      'models/**/*.ts',
    ],
    ignores: ['main/remote/safe-storage-secrets.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronImport,
            { name: 'react', message: 'No UI code in main/core or main/engine.' },
            { name: 'react-dom', message: 'No UI code in main/core or main/engine.' },
          ],
          patterns: [
            { group: ['electron/*'], message: electronImport.message },
            {
              group: ['**/renderer/**', '**/preload/**'],
              message: 'main/core and main/engine may not import page code.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...domGlobals],
      // no-restricted-imports sees only static imports; catch require() and import() too.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron/]",
          message: electronImport.message,
        },
        { selector: 'ImportExpression[source.value=/^electron/]', message: electronImport.message },
      ],
    },
  },
  {
    // core is shared with the pages and preloads, so it may not use Node either.
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronImport,
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'main/core is pure TypeScript, shared with the pages: no Node modules.',
            })),
          ],
          patterns: [
            { group: ['electron/*'], message: electronImport.message },
            {
              group: ['**/renderer/**', '**/preload/**', '**/engine/**'],
              message: 'main/core depends on nothing else in the app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Pages are sandboxed: reach the app through the bridge.' },
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'Pages run without Node: reach the app through the bridge.',
            })),
          ],
          patterns: [
            {
              group: ['**/main/engine/**', '**/main/windows/**', '**/main/capture/**'],
              message: 'Pages may share main/core only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Sandboxed preloads can only require electron.' })),
          patterns: [
            {
              group: ['**/main/engine/**', '**/main/windows/**', '**/renderer/**'],
              message: 'Preloads may share main/core only.',
            },
          ],
        },
      ],
    },
  },
);
