import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { CaptureAdded } from '../../../common/chat-contract.js';
import type { CaptureText } from '../../../common/capture-text.js';
import type { ImageSource } from '../../../common/engine-protocol.js';
import { cropToPng } from '../../../engine/crop.js';
import { ChatService } from '../../../host/chat/chat-service.js';
import { memorySettingsPort } from '../../../host/chat/chat-settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { askAndCollect } from '../../support/answer-events.js';
import { testPng } from '../../support/images.js';
import { waitUntil } from '../../support/wait-until.js';
import { ScriptedEngine } from './scripted-engine.js';

// A closer look: a region of a capture, cut from the full-resolution file the
// history keeps (the engine's own crop), added to the conversation as its
// latest capture, and the questions after it are about it — its image with
// the first of them, with the lines of the capture's text inside the region.
// And a capture added by the repeat shortcut (ChatService.addCapture).

/** A capture whose every pixel differs from its neighbours: any scaling or shift shows. */
async function finePattern(width: number, height: number): Promise<{ png: Uint8Array<ArrayBuffer>; raw: Buffer }> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = (x * 7 + y * 13) % 256;
      raw[i + 1] = x % 256;
      raw[i + 2] = (y * 3 + (x & 1) * 128) % 256;
    }
  }
  const png = new Uint8Array(
    await sharp(raw, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer(),
  );
  return { png, raw };
}

async function rawPixels(png: Uint8Array): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const screenText: CaptureText = {
  language: 'en',
  width: 640,
  height: 480,
  lines: [
    { text: 'File  Edit  View', box: { x: 4, y: 2, width: 120, height: 14 }, confidence: 0.95 },
    { text: 'TypeError: x is undefined', box: { x: 130, y: 210, width: 200, height: 16 }, confidence: 0.97 },
    { text: 'at main.js:42', box: { x: 150, y: 230, width: 110, height: 14 }, confidence: 0.9 },
  ],
  text: 'File  Edit  View\nTypeError: x is undefined\nat main.js:42',
};

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-closer-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const engine = new ScriptedEngine();
  const reads: ImageSource[] = [];
  const store = new HistoryStore(dir);
  const service = new ChatService({
    answers: engine,
    engine,
    store,
    textLayer: {
      readText: async (image) => {
        reads.push(image);
        return screenText;
      },
    },
    settings: memorySettingsPort({ answerLanguage: 'en' }),
    cropImage: async (png, rect) => ({ png: await cropToPng(png, rect) }),
  });
  t.after(() => service.dispose());
  const added: CaptureAdded[] = [];
  service.additions.onAdded((event) => added.push(event));
  return { engine, store, service, added, reads };
}

test('a closer look is cut from the full-resolution capture, pixel for pixel, at the size of the region', async (t) => {
  const { service, added } = await setup(t);
  const { png, raw } = await finePattern(640, 480);
  const { id } = await service.openCapture(png);
  const rect = { x: 123, y: 201, width: 61, height: 37 };
  const conversation = await service.additions.lookCloser({ conversationId: id, capture: 0, rect });

  assert.deepEqual(
    conversation.laterCaptures?.map(({ width, height, origin, from }) => ({ width, height, origin, from })),
    [{ width: 61, height: 37, origin: 'closer-look', from: { capture: 0, rect } }],
  );
  assert.deepEqual(
    added.map((event) => [event.conversationId, event.capture, event.info.origin]),
    [[id, 1, 'closer-look']],
  );
  const crop = await rawPixels(await service.captureImage(id, 1));
  assert.deepEqual([crop.width, crop.height], [61, 37]);
  for (let y = 0; y < rect.height; y++) {
    const row = raw.subarray(((rect.y + y) * 640 + rect.x) * 3, ((rect.y + y) * 640 + rect.x + rect.width) * 3);
    assert.ok(crop.data.subarray(y * 61 * 3, (y + 1) * 61 * 3).equals(row), `row ${y} is the capture's own pixels`);
  }
});

test('the question after a closer look is about it: its image with that question, the region’s text with it', async (t) => {
  const { service, engine } = await setup(t);
  const { id } = await service.openCapture((await finePattern(640, 480)).png);
  const ask = (answerId: string, question: string) =>
    askAndCollect(service, { answerId, conversationId: id, mode: 'ask', question });
  await ask('a1', 'What is on screen?');
  const rect = { x: 100, y: 200, width: 300, height: 60 };
  await service.additions.lookCloser({ conversationId: id, capture: 0, rect });
  await ask('a2', 'Look closely at this part.');
  await ask('a3', 'And the line under it?');

  const [first, closer, followUp] = engine.requests;
  assert.equal(first?.imageTurn, undefined);
  assert.match(first?.turns[0]?.text ?? '', /File {2}Edit {2}View/);
  // The closer look's image, with the third turn (the first question about it).
  assert.equal(closer?.image.kind === 'path' && path.basename(closer.image.path), 'capture-1.png');
  assert.equal(closer?.imageTurn, 2);
  const section = closer?.turns[2]?.text ?? '';
  assert.match(section, /TypeError: x is undefined\nat main\.js:42/);
  assert.doesNotMatch(section, /File {2}Edit/, 'only the lines inside the region');
  // Its follow-up: the same image at the same turn, the same turns before it (the engine's cache matches).
  assert.equal(followUp?.imageTurn, 2);
  assert.deepEqual(followUp?.turns.slice(0, 4), [...(closer?.turns ?? []), followUp?.turns[3]]);
  assert.doesNotMatch(followUp?.turns[4]?.text ?? '', /TypeError/);
  const stored = await service.openConversation(id);
  assert.deepEqual(
    stored.turns.filter((turn) => turn.role === 'user').map((turn) => turn.role === 'user' && (turn.capture ?? 0)),
    [0, 1, 1],
  );
});

test('a closer look outside the capture, of a capture that is not there, or during an answer is refused', async (t) => {
  const { service, engine } = await setup(t);
  const { id } = await service.openCapture((await finePattern(64, 48)).png);
  const refused = (capture: number, rect: { x: number; y: number; width: number; height: number }) =>
    assert.rejects(service.additions.lookCloser({ conversationId: id, capture, rect }), { name: 'ChatError' });
  await refused(0, { x: 60, y: 0, width: 10, height: 10 });
  await refused(1, { x: 0, y: 0, width: 10, height: 10 });
  engine.script = () => Array.from({ length: 500 }, () => ({ type: 'delta' as const, text: 'w ' }));
  const answering = askAndCollect(service, { answerId: 'long', conversationId: id, mode: 'ask', question: 'Q' });
  await refused(0, { x: 0, y: 0, width: 10, height: 10 });
  await waitUntil(() => engine.requests.length === 1, 'the answer started');
  service.stopAll();
  await answering;
  assert.equal((await service.openConversation(id)).laterCaptures, undefined);
});

test('a capture taken again is added with its own text read, and is what the next question is about', async (t) => {
  const { service, engine, reads, added } = await setup(t);
  const { id } = await service.openCapture(await testPng(200, 100));
  const again = await testPng(200, 100, 3);
  const conversation = await service.addCapture(id, again, { kind: 'repeat' });
  assert.deepEqual(
    conversation.laterCaptures?.map(({ origin, width }) => [origin, width]),
    [['repeat', 200]],
  );
  assert.equal(added[0]?.info.origin, 'repeat');
  assert.equal(service.currentConversation(), id);
  await askAndCollect(service, { answerId: 'r1', conversationId: id, mode: 'ask', question: 'What changed?' });
  const request = engine.requests[0];
  assert.equal(request?.image.kind === 'path' && path.basename(request.image.path), 'capture-1.png');
  assert.deepEqual(new Uint8Array(await readFile(request?.image.kind === 'path' ? request.image.path : '')), again);
  // Read by the text layer: the first capture's reading and its own.
  assert.ok(reads.some((image) => image.kind === 'path' && path.basename(image.path) === 'capture-1.png'));
  assert.match(request?.turns[0]?.text ?? '', /TypeError/);
});

test('"Transcribe the text" about a capture taken again answers with that capture’s text, not the first’s', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-closer-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const engine = new ScriptedEngine();
  const lineOf = (image: ImageSource) =>
    image.kind === 'path' && path.basename(image.path) === 'capture-1.png' ? 'Build 2 of 3: 1 error' : 'Build 1 of 3';
  const service = new ChatService({
    answers: engine,
    engine,
    store: new HistoryStore(dir),
    textLayer: {
      readText: async (image) => {
        const line = lineOf(image);
        return {
          language: 'en',
          width: 200,
          height: 100,
          lines: [{ text: line, box: { x: 2, y: 2, width: 150, height: 14 }, confidence: 0.9 }],
          text: line,
        };
      },
    },
    settings: memorySettingsPort({ answerLanguage: 'en' }),
  });
  t.after(() => service.dispose());
  const { id } = await service.openCapture(await testPng(200, 100));
  const first = await askAndCollect(service, {
    answerId: 't1',
    conversationId: id,
    mode: 'ask',
    question: 'Transcribe the text.',
    action: 'transcribe',
  });
  assert.match(JSON.stringify(first), /Build 1 of 3/);
  await service.addCapture(id, await testPng(200, 100, 3), { kind: 'repeat' });
  const again = await askAndCollect(service, {
    answerId: 't2',
    conversationId: id,
    mode: 'ask',
    question: 'Transcribe the text.',
    action: 'transcribe',
  });
  assert.match(JSON.stringify(again), /Build 2 of 3: 1 error/);
  assert.equal(engine.requests.length, 0, 'no model was asked');
});
