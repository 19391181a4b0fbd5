import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import type { ChatStatus } from '../../../common/chat-contract.js';
import type { DeviceFallback } from '../../../common/engine-protocol.js';
import { fakeChatPagesForThisFile } from './fake-pages.js';

// The status line's chip (StatusBar.tsx) in Chromium with the scripted app of
// fake-app.ts: the model and where it runs, in a few words in the page's
// language; what the engine did to choose the device, on demand; a warning
// only when the device the user chose could not be used; and one compact line
// in a narrow panel, whatever the state.
const openChat = fakeChatPagesForThisFile();

const setStatus = (page: Page, status: ChatStatus) => page.evaluate((next) => window.__fake.setStatus(next), status);

const passedOver: DeviceFallback['passedOver'] = [
  { provider: 'cuda', code: 'cuda-libraries-missing' },
  { provider: 'webgpu', code: 'webgpu-unavailable', detail: 'Failed to get a WebGPU adapter: No supported adapters' },
];
const ready = (fallback?: DeviceFallback, provider: 'cpu' | 'webgpu' = 'cpu'): ChatStatus => ({
  kind: 'ready',
  modelName: 'SmolVLM 256M',
  provider,
  dtype: provider === 'cpu' ? 'q8' : 'fp16',
  ...(fallback && { fallback }),
});

test('the chip reads "<model> · CPU" and opens its details on demand; Esc closes them', async () => {
  const { page, problems, close } = await openChat();
  try {
    await setStatus(page, ready());
    const chip = page.getByRole('button', { name: 'SmolVLM 256M · CPU' });
    await chip.waitFor();
    const details = page.getByRole('group', { name: 'Model details' });
    assert.equal(await chip.getAttribute('aria-expanded'), 'false');
    assert.equal(await details.isVisible(), false, 'the details wait to be asked for');
    assert.equal(await page.getByRole('status').innerText(), 'SmolVLM 256M · CPU', 'no diagnostics in the line');

    await chip.click();
    await details.waitFor();
    assert.equal(await chip.getAttribute('aria-expanded'), 'true');
    const facts = await details.locator('dt, dd').allInnerTexts();
    assert.deepEqual(facts, [
      'Model',
      'SmolVLM 256M',
      'Runs on',
      'CPU',
      'Weights',
      '8-bit (q8)',
      'Your choice',
      'The GPU where one works, else the CPU',
    ]);
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('status-chip')), true);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('in French: the chip, and why the model is not on the GPU in French, the engine’s words kept as a technical detail', async () => {
  const { page, problems, close } = await openChat({ locale: 'fr-FR' });
  try {
    await setStatus(page, ready({ requested: 'auto', passedOver }));
    const chip = page.getByRole('button', { name: 'SmolVLM 256M · CPU' });
    await chip.click();
    const details = page.getByRole('group', { name: 'Détails du modèle' });
    await details.getByRole('heading', { name: 'Pourquoi pas le GPU' }).waitFor();
    assert.deepEqual(await details.getByRole('listitem').allInnerTexts(), [
      'CUDA\u00a0: les bibliothèques CUDA d’onnxruntime ne sont pas installées.',
      'WebGPU\u00a0: aucun adaptateur graphique utilisable n’a été trouvé.',
    ]);
    // The engine's words are behind their own disclosure, marked as English.
    const technical = details.locator('details');
    assert.equal(await technical.locator('summary').innerText(), 'Détails techniques');
    assert.equal(await technical.locator('[lang="en"]').isVisible(), false);
    await technical.locator('summary').click();
    await technical.locator('[lang="en"]').getByText('Failed to get a WebGPU adapter').waitFor();
    await details.getByRole('button', { name: 'Modifier dans les Réglages' }).waitFor();
    // The automatic choice falling back to the CPU is no warning.
    assert.equal(await page.getByRole('status').innerText(), 'SmolVLM 256M · CPU');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('a warning shows only when the device the user chose could not be used', async () => {
  const { page, close } = await openChat();
  try {
    const status = page.getByRole('status');
    const warning = status.getByText('Not on the GPU you chose');

    await setStatus(page, ready({ requested: 'gpu', passedOver }));
    await warning.waitFor();
    await status.getByRole('button', { name: 'SmolVLM 256M · CPU' }).click();
    const details = page.getByRole('group', { name: 'Model details' });
    assert.equal(await details.locator('dd').last().innerText(), 'The GPU');

    // The GPU chosen, and a GPU running (WebGPU, CUDA passed over): honoured.
    await setStatus(page, ready({ requested: 'gpu', passedOver: passedOver.slice(0, 1) }, 'webgpu'));
    await status.getByRole('button', { name: 'SmolVLM 256M · GPU (WebGPU)' }).waitFor();
    assert.equal(await warning.count(), 0);
    // Automatic, on the CPU after the GPUs failed: as designed.
    await setStatus(page, ready({ requested: 'auto', passedOver }));
    await status.getByRole('button', { name: 'SmolVLM 256M · CPU' }).waitFor();
    assert.equal(await warning.count(), 0);
    // The CPU chosen.
    await setStatus(page, ready());
    assert.equal(await warning.count(), 0);
    // A provider named on its own (the command line's --provider) that did not start.
    await setStatus(page, ready({ requested: 'auto', requestedProvider: 'cuda', passedOver: passedOver.slice(0, 1) }));
    await warning.waitFor();
  } finally {
    await close();
  }
});

test('in a 420 × 700 panel the line stays compact in every state: never three lines', async () => {
  const { page, close } = await openChat({ locale: 'fr-FR', viewport: { width: 420, height: 700 } });
  try {
    const line = page.locator('.status-line');
    await setStatus(page, ready());
    await page.getByRole('button', { name: 'SmolVLM 256M · CPU' }).waitFor();
    const oneLine = (await line.boundingBox())!.height;
    const states: ChatStatus[] = [
      ready({ requested: 'gpu', passedOver }),
      { kind: 'starting' },
      { kind: 'loading', modelName: 'SmolVLM 256M' },
      {
        kind: 'downloading',
        modelName: 'SmolVLM 256M',
        phase: 'downloading',
        bytesDone: 123_000_000,
        bytesTotal: 500_000_000,
        etaSeconds: 130,
      },
      { kind: 'resting', modelName: 'SmolVLM 256M' },
      { kind: 'restarting', reason: 'crash', delayMs: 500, attempt: 2 },
      { kind: 'no-model', message: 'No model is installed in /home/ana/.cache/sightline/models.' },
      {
        kind: 'error',
        message: 'The model folder /home/ana/.cache/sightline/models/smolvlm-256m is missing config.json.',
        canRetry: true,
        code: 'model-missing',
      },
    ];
    let shown = await line.innerText();
    for (const state of states) {
      await setStatus(page, state);
      await page.waitForFunction(
        (before) => document.querySelector<HTMLElement>('.status-line')?.innerText !== before,
        shown,
      );
      const text = await line.innerText();
      shown = text;
      const height = (await line.boundingBox())!.height;
      assert.ok(height < oneLine * 2, `${state.kind}: ${height}px tall (one line: ${oneLine}px): ${text}`);
      assert.equal(
        await page.evaluate(() => document.documentElement.scrollWidth),
        420,
        `${state.kind}: no sideways scroll`,
      );
    }
    // The error's retry, its fix and its details are all there.
    for (const name of ['Réessayer', 'Télécharger le modèle', 'Détails']) {
      assert.ok(await line.getByRole('button', { name }).isVisible(), name);
    }
  } finally {
    await close();
  }
});

test('while the model reads a capture that just opened, the line says so beside the chip, in English and French', async () => {
  for (const [locale, words] of [
    ['en-US', 'Reading the capture…'],
    ['fr-FR', 'Lecture de la capture…'],
  ] as const) {
    const { page, problems, close } = await openChat({ locale });
    try {
      await setStatus(page, { ...ready(), readingCapture: true } as ChatStatus);
      const line = page.getByRole('status');
      await line.filter({ hasText: words }).waitFor();
      assert.match(await line.innerText(), /SmolVLM 256M · CPU/);
      await setStatus(page, ready());
      await line.filter({ hasNotText: words }).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  }
});
