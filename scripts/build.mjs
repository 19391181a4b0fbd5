// One command builds every part of the app into dist/:
//   dist/main/index.js         main process (ESM, Node/Electron)
//   dist/engine/entry.js       engine, forked as a utility process (ESM, Node only)
//   dist/cli/sightline.js      the command-line tool (forks dist/engine/entry.js)
//   dist/cli/run-sightline.js  the same command, for the app's main process (main/cli-mode.ts)
//   dist/preload/<window>.cjs  one bundled CommonJS file per window: sandboxed
//                              preloads cannot require() files or use ESM
//   dist/renderer/<page>/      renderer pages (Vite, React)
//   dist/icons/                window and tray icons
// Runtime dependencies stay external for main and engine: electron-builder ships
// them from node_modules (native ones unpacked from the asar).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { chmod, cp, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const production = process.env.NODE_ENV !== 'development';

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: false,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};

export const preloads = ['chat', 'overlay'];

async function main() {
  await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
  await Promise.all([
    esbuild({
      ...common,
      entryPoints: { 'main/index': 'main/index.ts', 'engine/entry': 'engine/entry.ts' },
      outdir: 'dist',
      format: 'esm',
      packages: 'external',
    }),
    esbuild({
      ...common,
      // run-sightline: the same command, loaded by the app's main process for `Sightline ask ...`.
      entryPoints: { 'cli/sightline': 'cli/sightline.ts', 'cli/run-sightline': 'cli/run-sightline.ts' },
      outdir: 'dist',
      format: 'esm',
      packages: 'external',
      banner: { js: '#!/usr/bin/env node' },
    }),
    esbuild({
      ...common,
      entryPoints: Object.fromEntries(preloads.map((name) => [name, `preload/${name}.ts`])),
      outdir: 'dist/preload',
      outExtension: { '.js': '.cjs' },
      format: 'cjs',
      // The sandboxed preload may only require('electron'); everything else is bundled in.
      external: ['electron'],
      platform: 'browser',
      target: 'chrome140',
    }),
    viteBuild({ configFile: `${root}/vite.config.ts`, logLevel: 'warn' }),
  ]);
  await chmod(new URL('../dist/cli/sightline.js', import.meta.url), 0o755);
  // The window and tray icons ship inside the app.
  await mkdir(new URL('../dist/icons', import.meta.url), { recursive: true });
  for (const icon of ['icon.png', 'tray.png', 'tray@2x.png']) {
    await cp(new URL(`../build/${icon}`, import.meta.url), new URL(`../dist/icons/${icon}`, import.meta.url));
  }
  console.log('built dist/: main, engine, cli, preload, renderer');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
