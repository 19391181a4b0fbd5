import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CaptureText, type TextBox } from '../../../common/capture-text.js';
import { CodedError } from '../../../common/coded-error.js';
import { defaultGenerationSettings } from '../../../common/engine-protocol.js';
import { EngineHost } from '../../../host/engine-host/engine-host.js';
import { createNodeLauncher } from '../../../host/engine-host/node-launcher.js';
import { capturePages } from '../../fixtures/text-captures/pages.js';
import { renderCaptures, type RenderedCapture } from '../../fixtures/text-captures/render.js';
import { tinyModelDir } from '../../fixtures/tiny-model/index.js';
import { testPng } from '../../support/images.js';
import { repoRoot } from '../../support/repo.js';
import { collect } from '../../support/answer-events.js';

// A capture's text, read by the real engine (a Node child, as the CLI and the
// web host run it) through the engine host: real OCR on a dialog rendered by
// Chromium from the evaluation set, whose page gives each line's text and box.
let host: EngineHost;
let dialog: RenderedCapture;
let dir: string;

before(async () => {
  const [rendered] = await renderCaptures(capturePages.filter((page) => page.name === 'dialog-save'));
  if (!rendered) throw new Error('The dialog-save capture did not render.');
  dialog = rendered;
  dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-read-text-'));
  host = new EngineHost({
    launcher: createNodeLauncher({
      entry: path.join(repoRoot, 'engine/entry.ts'),
      execArgv: ['--import', 'tsx'],
      cwd: repoRoot,
    }),
    backoff: { maxCrashes: 1 },
  });
});

after(async () => {
  await host?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const isCoded = (code: string, message: RegExp) => (error: unknown) =>
  error instanceof CodedError && error.code === code && message.test(error.message);

test('a dialog capture comes back with its words, each line boxed inside the capture', async () => {
  // Asked before the engine started: the read waits for it, like a crop.
  assert.equal(host.state, 'idle');
  const text = await host.readText({ kind: 'bytes', bytes: new Uint8Array(dialog.png) });
  CaptureText.parse(text);
  assert.equal(text.language, 'en');
  assert.deepEqual([text.width, text.height], [dialog.width, dialog.height]);
  assert.match(text.text, /Save a copy under another name/);
  assert.match(text.text, /report-2024\.txt is read-only\./);
  assert.equal(text.text, text.lines.map((line) => line.text).join('\n'));
  for (const truth of dialog.lines) {
    const line = text.lines.find((candidate) => overlapRatio(candidate.box, truth.box) >= 0.5);
    assert.ok(line, `no line over "${truth.text}" at ${JSON.stringify(truth.box)}:\n${text.text}`);
  }
  for (const line of text.lines) {
    const { x, y, width, height } = line.box;
    assert.ok(x + width <= text.width && y + height <= text.height, `${line.text}: ${JSON.stringify(line.box)}`);
    assert.ok(line.confidence > 0.5 && line.confidence <= 1, `${line.text}: ${line.confidence}`);
  }
});

test('a capture saved as a file reads the same as its bytes', async () => {
  const file = path.join(dir, 'dialog.png');
  await writeFile(file, dialog.png);
  const fromFile = await host.readText({ kind: 'path', path: file });
  const fromBytes = await host.readText({ kind: 'bytes', bytes: new Uint8Array(dialog.png) });
  assert.deepEqual(fromFile, fromBytes);
});

test('what is not an image, or no longer exists, is refused as bad-image with a clear reason', async () => {
  await assert.rejects(
    host.readText({ kind: 'bytes', bytes: new TextEncoder().encode('not a picture at all') }),
    isCoded('bad-image', /not an image Sightline can read/),
  );
  await assert.rejects(
    host.readText({ kind: 'path', path: path.join(dir, 'gone.png') }),
    isCoded('bad-image', /gone\.png no longer exists/),
  );
  // The engine is still there for the next read.
  const text = await host.readText({ kind: 'bytes', bytes: new Uint8Array(dialog.png) });
  assert.match(text.text, /read-only/);
});

test('a question asked while a capture is read is answered, and the read still ends', async (t) => {
  await host.load({ modelDir: await tinyModelDir('smolvlm'), device: 'cpu' });
  const reading = host.readText({ kind: 'bytes', bytes: new Uint8Array(dialog.png) });
  let readEnded = false;
  void reading.then(() => (readEnded = true));
  const answer = await collect(
    host.ask({
      conversationId: 'during-read',
      image: { kind: 'bytes', bytes: await testPng(200, 80) },
      turns: [{ role: 'user', text: 'What is this?' }],
      settings: { ...defaultGenerationSettings, maxNewTokens: 8 },
    }),
  );
  t.diagnostic(`the answer ended ${readEnded ? 'after' : 'before'} the read`);
  const events = answer.map(({ event }) => event);
  assert.ok(
    events.some((event) => event.type === 'delta'),
    JSON.stringify(events),
  );
  const end = events.at(-1);
  assert.ok(end?.type === 'done' && end.reason === 'length', JSON.stringify(end));
  assert.match((await reading).text, /read-only/);
});

/** The overlap of two boxes, over the smaller one's area. */
function overlapRatio(a: TextBox, b: TextBox): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  return (width * height) / Math.min(a.width * a.height, b.width * b.height);
}
