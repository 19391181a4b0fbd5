// Lint keeps the runtimes of docs/architecture.md apart. Each top-level
// folder runs in one place, and may import only what exists there:
//   common/    everywhere, the pages and preloads too: no Node, no Electron, no DOM
//   engine/    the engine process (an Electron utility process or a Node child): Node, no Electron
//   host/      the app's services, run by each host below: Node, no Electron, no engine code
//   models/    the model catalog (data): like host/
//   main/      Electron's main process: Electron and Node, never the engine's code (sharp and
//              inference would run on the UI's thread; sharp there is known to crash on Linux)
//   cli/       the `sightline` command: Node, no Electron
//   web-host/  the development web server: Node, no Electron
//   preload/   sandboxed preloads: electron and bundled common/ code only
//   renderer/  sandboxed pages: common/ and their preload's types only
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const noElectron =
  'This code runs without Electron (docs/architecture.md): pass what you need in through an interface.';
const electronPaths = [{ name: 'electron', message: noElectron }];
const electronPatterns = [{ group: ['electron/*'], message: noElectron }];
const noReact = ['react', 'react-dom'].map((name) => ({ name, message: 'No UI code outside renderer/.' }));
const noNode = (where) => nodeBuiltins.map((name) => ({ name, message: `${where}: no Node modules.` }));

/** A pattern refusing imports of the named top-level folders. */
function folders(names, message) {
  return { group: names.flatMap((name) => [`**/${name}/**`, `**/${name}`]), message };
}

const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'location'].map(
  (name) => ({ name, message: 'Node-side code has no DOM.' }),
);

// no-restricted-imports sees only static imports; catch require() and import() of electron too.
const noDynamicElectron = [
  'error',
  { selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron/]", message: noElectron },
  { selector: 'ImportExpression[source.value=/^electron/]', message: noElectron },
];

/** One runtime's rules: which modules and folders its files may not import. */
function runtime(files, { paths = [], patterns = [], ignores = [], node = true, dom = false, electron = false }) {
  return {
    files,
    ignores,
    languageOptions: { globals: { ...(node ? globals.node : {}), ...(dom ? globals.browser : {}) } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...(electron ? [] : electronPaths), ...paths],
          patterns: [...(electron ? [] : electronPatterns), ...patterns],
        },
      ],
      ...(electron ? {} : { 'no-restricted-syntax': noDynamicElectron }),
      ...(dom ? {} : { 'no-restricted-globals': ['error', ...domGlobals] }),
    },
  };
}

const hosts = ['main', 'cli', 'web-host'];
const pages = ['renderer', 'preload'];

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
    files: ['scripts/**/*.{ts,mjs,js}', 'test/**/*.{ts,tsx,mjs}', 'bench/**/*.ts', '*.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  runtime(['common/**/*.ts'], {
    node: false,
    paths: [...noReact, ...noNode('common/ is shared with the pages')],
    patterns: [
      folders(['engine', 'host', 'models', ...hosts, ...pages], 'common/ depends on nothing else in the app.'),
    ],
  }),
  runtime(['engine/**/*.ts'], {
    paths: noReact,
    patterns: [folders(['host', 'models', ...hosts, ...pages], 'The engine imports common/ only.')],
  }),
  runtime(['host/**/*.ts', 'models/**/*.ts'], {
    // The CLI and the web host prepare images for model servers in their own
    // process, with the engine's resize: that one file may import it.
    ignores: ['host/model-servers/direct-prepare-image.ts'],
    paths: noReact,
    patterns: [
      folders(['engine'], "host/ runs in Electron's main process too: reach the engine through host/engine-host."),
      folders([...hosts, ...pages], 'host/ serves main/, cli/ and web-host/: it may not import them.'),
    ],
  }),
  runtime(['main/**/*.ts'], {
    electron: true,
    paths: noReact,
    patterns: [
      folders(['engine'], "Inference and sharp never run in Electron's main process: use host/engine-host."),
      {
        group: ['**/direct-prepare-image*'],
        message: "sharp never runs in Electron's main process: use engine-prepare-image.",
      },
      folders(
        ['cli', 'web-host', 'renderer'],
        'main/ is the Electron host: it may not import the other hosts or pages.',
      ),
    ],
  }),
  runtime(['cli/**/*.ts'], {
    paths: noReact,
    patterns: [folders(['main', 'web-host', ...pages], 'The CLI may not import the other hosts or pages.')],
  }),
  runtime(['web-host/**/*.ts'], {
    paths: noReact,
    patterns: [folders(['main', 'cli', ...pages], 'The web host may not import the other hosts or pages.')],
  }),
  runtime(['renderer/**/*.{ts,tsx}'], {
    node: false,
    dom: true,
    paths: [
      { name: 'electron', message: 'Pages are sandboxed: reach the app through the bridge.' },
      ...noNode('Pages run without Node: reach the app through the bridge'),
    ],
    patterns: [folders(['engine', 'host', 'models', ...hosts], 'Pages may share common/ only.')],
  }),
  runtime(['preload/**/*.ts'], {
    node: false,
    dom: true,
    electron: true,
    paths: noNode('Sandboxed preloads can only require electron'),
    patterns: [folders(['engine', 'host', 'models', ...hosts, 'renderer'], 'Preloads may share common/ only.')],
  }),
);
