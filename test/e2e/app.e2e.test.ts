import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright';
import { installedElectron, noElectronReason } from '../support/electron-binary.js';
import { installTinyModel } from '../support/installed-tiny-model.js';
import { repoRoot, requireBuild } from '../support/repo.js';

// The real app under Playwright's Electron driver. Runs where an Electron
// binary exists (the hosted CI workflow, a developer's machine) and says
// plainly that it was skipped elsewhere.
const executablePath = installedElectron();
const skip = executablePath ? false : noElectronReason;

async function launch(userData: string): Promise<ElectronApplication> {
  requireBuild();
  return electron.launch({
    executablePath: executablePath!,
    args: [repoRoot, `--user-data-dir=${userData}`],
    cwd: repoRoot,
  });
}

async function chatWindow(app: ElectronApplication): Promise<Page> {
  const window = await app.firstWindow();
  await window.getByRole('heading', { name: 'Sightline' }).waitFor();
  return window;
}

test('the app starts, opens the chat window, and its page reaches main through the preload', { skip }, async (t) => {
  const userData = await mkdtemp(path.join(os.tmpdir(), 'sightline-e2e-'));
  t.after(() => rm(userData, { recursive: true, force: true }));
  const app = await launch(userData);
  try {
    const window = await chatWindow(app);
    assert.equal(await window.title(), 'Sightline');
    // No model installed: the status line says so, through the schema-checked IPC.
    await window.getByRole('status').getByText('No model is installed yet').waitFor();
    // The page is sandboxed and isolated: no Node, no Electron, only the bridge.
    const page = await window.evaluate(() => ({
      process: typeof (globalThis as { process?: unknown }).process,
      require: typeof (globalThis as { require?: unknown }).require,
      bridge: typeof (globalThis as { sightline?: unknown }).sightline,
    }));
    assert.deepEqual(page, { process: 'undefined', require: 'undefined', bridge: 'object' });
  } finally {
    await app.close();
  }
});

test(
  'capture to answer: the tray action, an overlay per display, the whole display, a quick action, the answer streams from the engine',
  { skip },
  async (t) => {
    const userData = await mkdtemp(path.join(os.tmpdir(), 'sightline-e2e-'));
    t.after(() => rm(userData, { recursive: true, force: true }));
    await installTinyModel(userData);
    const app = await launch(userData);
    try {
      const window = await chatWindow(app);
      await window
        .getByRole('status')
        .getByText(/ · CPU$/)
        .waitFor({ timeout: 120_000 });
      // What the tray's "Capture a Region" and the hotkey run: a second launch with --capture does the same.
      const overlayOpened = app.waitForEvent('window');
      await app.evaluate(({ app: electronApp }) => {
        electronApp.emit('second-instance', {}, ['sightline', '--capture'], process.cwd());
      });
      const overlay = await overlayOpened;
      await overlay.waitForLoadState();
      await overlay.keyboard.press('a');
      await overlay.keyboard.press('Enter');
      // The chat shows the capture with the quick actions; one streams an answer.
      await window.getByRole('button', { name: 'Explain this error' }).click();
      await window.getByRole('button', { name: 'Copy answer' }).waitFor({ timeout: 120_000 });
      const history = path.join(userData, 'history');
      const [conversation] = await readdir(history);
      assert.ok(conversation, 'the conversation was saved');
      const saved = JSON.parse(await readFile(path.join(history, conversation, 'conversation.json'), 'utf8')) as {
        turns: Array<{ role: string; outcome?: string }>;
      };
      assert.deepEqual(
        saved.turns.map((turn) => turn.role),
        ['user', 'assistant'],
      );
      assert.ok(['eos', 'length'].includes(saved.turns[1]!.outcome ?? ''), 'the answer ended normally');
    } finally {
      await app.close();
    }
  },
);
