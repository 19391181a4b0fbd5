import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright';
import { launchChromium } from '../support/chromium.js';
import { imageFile, textFile } from '../support/image-files.js';
import { repoRoot, requireBuild } from '../support/repo.js';
import { openChatPage } from '../renderer/chat/open-chat.js';

// `npm run dev:web -- --capture <file>` with the real web host (and its
// engine, with no model) in Chromium: a page opened after the capture opens on
// it; with the host running, --capture again reaches it, and the page already
// open shows the new capture at once, as does a page opened afterwards.

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface DevWeb {
  child: ChildProcess;
  output(): string;
}

function devWeb(args: string[]): DevWeb {
  const child = spawn(process.execPath, ['scripts/dev-web.mjs', ...args], {
    cwd: repoRoot,
    // No model the developer set up: the host runs with none.
    env: Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SIGHTLINE_'))),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function exitOf(run: DevWeb): Promise<number | null> {
  const [code] = (await once(run.child, 'exit')) as [number | null];
  return code;
}

async function showsCapture(page: Page, width: number, height: number): Promise<void> {
  await page.locator('.capture-size', { hasText: `${width} × ${height} px` }).waitFor({ timeout: 30_000 });
}

test('--capture opens in a page opened afterwards, and reaches a running host’s open pages at once', async (t) => {
  requireBuild();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-capture-option-'));
  const models = path.join(dir, 'models');
  await mkdir(models);
  const first = path.join(dir, 'shot.png');
  const second = path.join(dir, 'photo.jpg');
  const notes = path.join(dir, 'notes.png');
  await writeFile(first, await imageFile('png', 97, 41));
  await writeFile(second, await imageFile('jpeg', 64, 48));
  await writeFile(notes, textFile());
  const port = String(await freePort());
  const browser = await launchChromium();
  const common = ['--port', port, '--data', path.join(dir, 'data'), '--models-dir', models];
  const host = devWeb(['--no-build', ...common, '--capture', first]);
  t.after(async () => {
    await browser.close();
    if (host.child.exitCode === null) {
      host.child.kill('SIGTERM');
      await once(host.child, 'exit');
    }
    await rm(dir, { recursive: true, force: true });
  });

  const started = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const url = /Sightline chat \(web host\): (\S+)/.exec(host.output())?.[1];
      if (url) resolve(url);
    };
    host.child.stdout!.on('data', look);
    host.child.once('exit', () => reject(new Error(`dev:web ended:\n${host.output()}`)));
  });
  assert.match(host.output(), /opened .*shot\.png as capture \S+ \(97x41 px\)/);

  // Opened after the capture: it opens on it, not on "Nothing captured yet".
  const before = await openChatPage(browser, started);
  await showsCapture(before.page, 97, 41);

  // The host runs: --capture hands the image to it (nothing is built), and the open page shows it.
  const again = devWeb(['--port', port, '--capture', second]);
  assert.equal(await exitOf(again), 0, again.output());
  assert.match(again.output(), /opened .*photo\.jpg as capture \S+ \(64x48 px\)/);
  assert.doesNotMatch(again.output(), /built dist/);
  await showsCapture(before.page, 64, 48);

  const after = await openChatPage(browser, started);
  await showsCapture(after.page, 64, 48);

  // What is not an image is refused, with the formats the host takes.
  const refused = devWeb(['--port', port, '--capture', notes]);
  assert.equal(await exitOf(refused), 1);
  assert.match(
    refused.output(),
    /notes\.png was not opened: Sightline opens PNG, JPEG, WebP and GIF images; this file is none of them\./,
  );
  assert.deepEqual([...before.problems, ...after.problems], []);
});
