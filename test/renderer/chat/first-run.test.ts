import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCatalog } from '../../../host/models/catalog.js';
import { startFakeHub, type FakeHub } from '../../support/fake-hub.js';
import { fastRetry, tinyEntry, tinyFiles, tinyId, tinyRepo, tinyRevision } from '../../support/tiny-catalog.js';
import { testPng } from '../../support/images.js';
import { startHostedChatPages, type HostedChatPages } from './hosted-pages.js';

// The first run as a new user meets it, in Chromium against the development
// web host: no model installed, a local hub serving the tiny model under a
// test catalog. A capture, a question asked before any model is there, one
// Download, and the same question answered — without a reload.
let hub: FakeHub;
let pages: HostedChatPages;
/** Lets the held download go on, once the page has shown its progress. */
let releaseDownload = () => {};

before(async () => {
  const files = await tinyFiles();
  hub = await startFakeHub({ repo: tinyRepo, revision: tinyRevision, files });
  // The decoder's body pauses after its first bytes until the test has seen the progress: on a busy
  // machine a download this small could otherwise end before the page shows it.
  hub.faults.throttle = { chunkBytes: 16 * 1024, delayMs: 5 };
  hub.faults.hold = {
    path: 'onnx/decoder_model_merged_quantized.onnx',
    afterBytes: 4096,
    until: new Promise<void>((resolve) => (releaseDownload = resolve)),
  };
  pages = await startHostedChatPages('first-run', {
    host: {
      catalog: loadCatalog(
        [tinyEntry(files), { ...tinyEntry(files, 'tiny-other'), displayName: 'Another tiny model' }],
        tinyId,
      ),
      hub: { endpoint: hub.endpoint },
      // A hold is no stall: the download waits for it as long as the test needs.
      retry: { ...fastRetry, stallTimeoutMs: 120_000 },
      generation: { maxNewTokens: 8 },
    },
  });
});

after(async () => {
  releaseDownload();
  await pages?.close();
  await hub?.close();
});

test('first run: a capture and a question before any model, one Download, and the same question answered, no reload', async () => {
  const { page, problems, close } = await pages.openChat({ viewport: { width: 1280, height: 800 } });
  try {
    // Not an error: what Sightline does, and the recommended model with one Download button.
    await page.getByRole('heading', { name: 'Sightline explains what is on your screen' }).waitFor();
    const recommended = page.getByRole('list', { name: 'Recommended model' });
    await recommended.getByText('Tiny SmolVLM (tiny-smolvlm)').waitFor();
    await recommended.getByText(/Not installed/).waitFor();
    assert.equal(await recommended.getByRole('button', { name: 'Download' }).count(), 1);
    // The others wait under "More models".
    const more = page.getByText('More models');
    assert.equal(await page.getByText('Another tiny model').isVisible(), false);
    await more.click();
    await page.getByText('Another tiny model').waitFor();
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));

    // A capture, and a question asked at once: kept, and shown as waiting for the model.
    await page.locator('input[type=file]').setInputFiles({
      name: 'capture.png',
      mimeType: 'image/png',
      buffer: Buffer.from(await testPng(64, 32)),
    });
    await page.locator('.capture-thumb img').waitFor();
    const card = page.getByRole('region', { name: 'Download a model to ask about your captures' });
    await card.waitFor();
    // In a 420 × 700 panel both are in view: the capture first, the card under it, its Download at hand.
    await page.setViewportSize({ width: 420, height: 700 });
    await page.waitForFunction(() => document.querySelector('.capture-thumb img')!.getBoundingClientRect().width < 400);
    const capture = (await page.locator('.capture-thumb img').boundingBox())!;
    const download = (await card.getByRole('button', { name: 'Download' }).first().boundingBox())!;
    const composer = (await page.locator('.composer').boundingBox())!;
    assert.ok(capture.y >= 0 && capture.y + capture.height <= download.y, 'the capture, whole, above the card');
    assert.ok(download.y + download.height <= composer.y, 'the card’s Download in view above the composer');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel('Your question').fill('What is this?');
    await page.keyboard.press('Enter');
    await page.getByText(/^Waiting for the model: this question is answered as soon as one is downloaded/).waitFor();

    // One Download, from the card beside the conversation.
    await card.getByRole('list', { name: 'Recommended model' }).getByRole('button', { name: 'Download' }).click();
    await card.getByRole('progressbar', { name: 'Download of Tiny SmolVLM (tiny-smolvlm)' }).waitFor();
    releaseDownload();
    // Installed, loaded, and the kept question answered.
    const answer = page.locator('.turn-answer:not(.turn-live)');
    await answer.waitFor({ timeout: 120_000 });
    await card.waitFor({ state: 'detached' });
    assert.ok((await answer.innerText()).trim().length > 0, 'the answer has text');
    assert.equal(await page.locator('.turn-user').count(), 1, 'the question was not retyped');
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: string }).marker), 'same page');
    const settings = JSON.parse(await readFile(path.join(pages.dataDir, 'settings.json'), 'utf8')) as {
      modelId?: string;
    };
    assert.equal(settings.modelId, tinyId);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
