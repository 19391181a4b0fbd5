import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { modelsRootIn } from '../../host/models/layout.js';
import { capturePages } from '../fixtures/text-captures/pages.js';
import { renderCaptures } from '../fixtures/text-captures/render.js';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';
import { defaultTokens, startFakeServer } from '../support/fake-model-server.js';
import { testPngFile } from '../support/images.js';
import { installTinyModel } from '../support/installed-tiny-model.js';
import { distDir, run, type RunResult } from '../support/repo.js';
import type { Report } from '../support/stand-in-electron/control.js';
import { launchStandIn } from '../support/stand-in-electron/driver.js';

// The installed app started as the `sightline` command (`sightline ask ...`
// on Linux, Sightline.app/Contents/MacOS/Sightline, Sightline.exe): the built
// main process under the stand-in Electron answers the command as the Node
// CLI does, on the app's own models folder, with the engine in its utility
// process, and exits with the command's code, opening no window and no tray.

let userData: string;
let modelDir: string;
let imagePath: string;
let textImage: string;

before(async () => {
  userData = await mkdtemp(path.join(os.tmpdir(), 'sightline-cli-mode-'));
  // The app's default model, installed where the app installs it.
  await installTinyModel(userData);
  modelDir = await tinyModelDir('smolvlm');
  imagePath = await testPngFile(480, 160);
  const [capture] = await renderCaptures(capturePages.filter((page) => page.name === 'fr-dialog-network-dark'));
  textImage = path.join(userData, 'dialog.png');
  await writeFile(textImage, capture!.png);
});

after(async () => {
  await rm(userData, { recursive: true, force: true });
});

interface AppRun extends RunResult {
  reports: readonly Report[];
}

/** The app started with `args`, as `sightline <args>`, until it has exited. */
async function app(args: string[]): Promise<AppRun> {
  // No SIGHTLINE_MODELS_DIR: the app finds its models in its own user-data folder.
  const started = launchStandIn({ userData, args, env: { SIGHTLINE_MODELS_DIR: undefined } });
  // Started as the app instead, it would never exit: fail at its first window.
  const startedAsApp = started.waitFor('window', undefined, 600_000).then(
    (window) => {
      started.kill();
      throw new Error(`sightline ${args.join(' ')} opened a window: ${JSON.stringify(window.options)}`);
    },
    () => new Promise<never>(() => {}),
  );
  const { code } = await Promise.race([started.closed, startedAsApp]);
  return { code: code ?? -1, stdout: started.stdout(), stderr: started.stderr(), reports: started.reports };
}

/** The Node CLI on the same models folder. */
function cli(args: string[]): Promise<RunResult> {
  return run(process.execPath, [path.join(distDir, 'cli', 'sightline.js'), ...args], {
    env: { ...process.env, SIGHTLINE_MODELS_DIR: modelsRootIn(userData) },
  });
}

const calls = (result: AppRun) => result.reports.flatMap((report) => (report.type === 'call' ? [report] : []));

/** Opened no window or tray, took no shortcut or lock, and ended through app.exit with its exit code. */
function assertNoApp(result: AppRun): void {
  assert.deepEqual(
    result.reports.filter((report) => report.type === 'window'),
    [],
    'no window',
  );
  const apis = calls(result).map((call) => call.api);
  for (const api of ['new Tray', 'globalShortcut.register', 'app.requestSingleInstanceLock']) {
    assert.ok(!apis.includes(api), `${api} was called: ${apis.join(', ')}`);
  }
  assert.ok(apis.includes('app.disableHardwareAcceleration'), apis.join(', '));
  assert.deepEqual(calls(result).at(-1), { type: 'call', api: 'app.exit', args: [result.code] });
}

test('--version prints what the CLI prints, and opens nothing', async () => {
  const [inApp, node] = await Promise.all([app(['--version']), cli(['--version'])]);
  assert.equal(inApp.code, 0, inApp.stderr);
  assert.match(inApp.stdout, /^sightline \d+\.\d+\.\d+/);
  assert.equal(inApp.stdout, node.stdout);
  assertNoApp(inApp);
});

test("models list shows the app's models folder and what is installed there, as the CLI does", async () => {
  const [inApp, node] = await Promise.all([app(['models', 'list']), cli(['models', 'list'])]);
  assert.equal(inApp.code, 0, inApp.stderr);
  assert.ok(inApp.stdout.startsWith(`Models folder: ${modelsRootIn(userData)}\n`), inApp.stdout);
  assert.match(inApp.stdout, /smolvlm-256m-instruct \(default\)[^\n]*\n {2}installed: fp32/);
  assert.equal(inApp.stdout, node.stdout);
  assertNoApp(inApp);
});

test('ask streams the same answer as the CLI, with the engine in a utility process', async () => {
  const args = ['ask', '--model', modelDir, '--image', imagePath, '--device', 'cpu', '--max-tokens', '12', 'Why?'];
  const inApp = await app(args);
  const node = await cli(args);
  assert.equal(inApp.code, 0, inApp.stderr);
  assert.ok(inApp.stdout.trim().length > 0, 'an answer on stdout');
  assert.equal(inApp.stdout, node.stdout);
  assert.equal(inApp.stderr, node.stderr);
  assert.match(inApp.stderr, /smolvlm on CPU \((int8|fp32)\)/);
  assertNoApp(inApp);
});

test('ask --backend ollama sends the image, scaled in the engine, and prints what the CLI prints', async (t) => {
  const server = await startFakeServer({ protocol: 'ollama', stepMs: 1 });
  t.after(() => server.close());
  const args = ['ask', '--backend', 'ollama', '--base-url', server.url, '--remote-model', 'llava'];
  const question = [...args, '--image', imagePath, '--max-image-side', '240', 'What is this?'];
  const inApp = await app(question);
  const node = await cli(question);
  assert.equal(inApp.code, 0, inApp.stderr);
  assert.equal(inApp.stdout, `${defaultTokens.join('')}\n`);
  assert.equal(inApp.stdout, node.stdout);
  assert.equal(inApp.stderr, node.stderr);
  // Both sent the same image: 480 x 160 scaled to 240 x 80 by sharp, in the engine and in the CLI.
  const [fromApp, fromCli] = server.chatRequests().map((request) => JSON.stringify(request.body));
  assert.ok(fromApp?.includes('"images"'), fromApp);
  assert.equal(fromApp, fromCli);
  assertNoApp(inApp);
});

test('ask without --model uses the model installed in the app', async () => {
  const inApp = await app(['ask', '--image', imagePath, '--device', 'cpu', '--max-tokens', '4', 'Hi']);
  assert.equal(inApp.code, 0, inApp.stderr);
  assert.match(inApp.stderr, /Using SmolVLM 256M Instruct \(smolvlm-256m-instruct, installed\)/);
  assert.ok(inApp.stdout.trim().length > 0, 'an answer on stdout');
});

test("text reads the image's text in the engine and prints what the CLI prints", async () => {
  const [inApp, node] = await Promise.all([app(['text', '--image', textImage]), cli(['text', '--image', textImage])]);
  assert.equal(inApp.code, 0, inApp.stderr);
  assert.match(inApp.stdout, /Échec de la connexion à « Bureau-5G »/);
  assert.equal(inApp.stdout, node.stdout);
  assertNoApp(inApp);

  // --lang and --json reach the engine: English asked for, the same lines and boxes as the CLI's.
  const json = ['text', '--image', textImage, '--lang', 'en', '--json'];
  const [appJson, nodeJson] = await Promise.all([app(json), cli(json)]);
  assert.equal(appJson.code, 0, appJson.stderr);
  const withoutTimings = (stdout: string) => {
    const { timings, ...reading } = JSON.parse(stdout) as { timings: Record<string, number> };
    assert.equal(typeof timings.total, 'number');
    return reading;
  };
  const reading = withoutTimings(appJson.stdout);
  assert.equal((reading as { language: string }).language, 'en');
  assert.deepEqual(reading, withoutTimings(nodeJson.stdout));
});

test('failures exit with the CLI’s codes and words: 1 for a file that is no image, 2 for a usage error', async () => {
  const notImage = path.join(userData, 'notes.png');
  await writeFile(notImage, 'not a picture');
  for (const args of [
    ['text', '--image', notImage],
    ['ask', '--model', modelDir, 'Hi'],
  ]) {
    const [inApp, node] = await Promise.all([app(args), cli(args)]);
    assert.equal(inApp.code, node.code, `${args.join(' ')}: ${inApp.stderr}`);
    assert.equal(inApp.stderr, node.stderr);
    assertNoApp(inApp);
  }
  const usage = await app(['ask', '--model', modelDir, 'Hi']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--image <file> is required/);
  const bad = await app(['text', '--image', notImage]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /notes\.png is not an image that can be read/);
});

test('without a command the app starts as the app, behind the single-instance lock', async () => {
  const started = launchStandIn({ userData, env: { SIGHTLINE_MODELS_DIR: undefined } });
  try {
    await started.waitFor('window');
    await started.waitFor('call', (call) => call.api === 'new Tray');
    assert.ok(
      started.reports.some((report) => report.type === 'call' && report.api === 'app.requestSingleInstanceLock'),
    );
  } finally {
    started.kill();
    await started.exited;
  }
});
