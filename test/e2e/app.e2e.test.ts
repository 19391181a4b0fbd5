import { test } from 'node:test';
import assert from 'node:assert/strict';
import { _electron as electron } from 'playwright';
import { installedElectron, noElectronReason } from '../support/electron-binary.js';
import { repoRoot, requireBuild } from '../support/repo.js';

// The real app under Playwright's Electron driver. Runs where an Electron
// binary exists (the hosted CI workflow, a developer's machine) and says
// plainly that it was skipped elsewhere.
const executablePath = installedElectron();

test(
  'the app starts, opens the chat window, and its page reaches main through the preload',
  { skip: executablePath ? false : noElectronReason },
  async () => {
    requireBuild();
    const app = await electron.launch({ executablePath, args: [repoRoot], cwd: repoRoot });
    try {
      const window = await app.firstWindow();
      assert.equal(await window.title(), 'Sightline');
      await window.getByRole('heading', { name: 'Sightline' }).waitFor();
      // The footer shows what main answered over the schema-checked IPC.
      await window
        .getByRole('status')
        .getByText(/^Sightline \d+\.\d+\.\d+ · Electron \d+/)
        .waitFor();
      // The page is sandboxed and isolated: no Node, no Electron, only the bridge.
      const page = await window.evaluate(() => ({
        process: typeof (globalThis as { process?: unknown }).process,
        bridge: typeof (globalThis as { sightline?: unknown }).sightline,
      }));
      assert.deepEqual(page, { process: 'undefined', bridge: 'object' });
      // Pages have no Node.
      assert.equal(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require), 'undefined');
    } finally {
      await app.close();
    }
  },
);
