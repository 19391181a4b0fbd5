import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { ConversationSummary } from '../../../common/conversation.js';
import { pngSize } from '../../../common/png-size.js';
import { ChatService } from '../../../host/chat/chat-service.js';
import { memorySettingsPort } from '../../../host/chat/chat-settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { directPrepareImage } from '../../../host/model-servers/direct-prepare-image.js';
import {
  animatedGif,
  bmpFile,
  gifFrameColours,
  imageFile,
  svgFile,
  textFile,
  topLeftPixel,
} from '../../support/image-files.js';
import { ScriptedEngine } from './scripted-engine.js';

async function setup(t: { after(fn: () => Promise<void>): void }, convert = true) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-open-image-'));
  const engine = new ScriptedEngine();
  const service = new ChatService({
    answers: engine,
    engine,
    store: new HistoryStore(dir),
    settings: memorySettingsPort({ keepHistory: true, answerLanguage: 'question' }),
    ...(convert ? { convertOpenedImage: directPrepareImage } : {}),
  });
  const opened: ConversationSummary[] = [];
  service.onCapture((summary) => opened.push(summary));
  t.after(async () => {
    await service.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  return { service, opened };
}

test('PNG, JPEG, WebP and GIF files open as PNG captures of their own size, and every page hears of them', async (t) => {
  const { service, opened } = await setup(t);
  for (const format of ['png', 'jpeg', 'webp', 'gif'] as const) {
    const reply = await service.images.open(await imageFile(format, 97, 41));
    assert.equal(reply.ok, true, format);
    if (!reply.ok) continue;
    assert.deepEqual(reply.conversation.capture.width, 97, format);
    assert.deepEqual(reply.conversation.capture.height, 41, format);
    const stored = await service.captureImage(reply.conversation.id);
    assert.deepEqual(pngSize(stored), { width: 97, height: 41 }, `${format} is stored as a PNG`);
    assert.equal(opened.at(-1)?.id, reply.conversation.id);
  }
  assert.equal(opened.length, 4);
});

test('an animated GIF opens on its first frame', async (t) => {
  const { service } = await setup(t);
  const reply = await service.images.open(await animatedGif(30, 20));
  assert.ok(reply.ok);
  assert.deepEqual([reply.conversation.capture.width, reply.conversation.capture.height], [30, 20]);
  const png = await service.captureImage(reply.conversation.id);
  assert.deepEqual(await topLeftPixel(png), [...gifFrameColours[0]]);
  assert.equal((await sharp(png).metadata()).pages ?? 1, 1);
});

test('a JPEG taken sideways opens upright, as its orientation says', async (t) => {
  const { service } = await setup(t);
  const sideways = await sharp(await imageFile('png', 60, 20))
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const reply = await service.images.open(new Uint8Array(sideways));
  assert.ok(reply.ok);
  assert.deepEqual([reply.conversation.capture.width, reply.conversation.capture.height], [20, 60]);
});

test('anything else is refused with its reason, and nothing is stored', async (t) => {
  const { service, opened } = await setup(t);
  for (const bytes of [bmpFile(16, 16), svgFile(), textFile(), new Uint8Array()]) {
    assert.deepEqual(await service.images.open(bytes), { ok: false, refusal: { reason: 'unsupported' } });
  }
  const jpeg = await imageFile('jpeg', 64, 64);
  const cut = jpeg.slice(0, jpeg.length - 200);
  assert.deepEqual(await service.images.open(cut), { ok: false, refusal: { reason: 'damaged' } });
  const huge = await imageFile('png', 8, 8);
  new DataView(huge.buffer).setUint32(16, 100_000);
  new DataView(huge.buffer).setUint32(20, 100_000);
  assert.deepEqual(await service.images.open(huge), {
    ok: false,
    refusal: { reason: 'too-many-pixels', width: 100_000, height: 100_000 },
  });
  assert.deepEqual(opened, []);
  assert.deepEqual(await service.listConversations(), []);
});

test('a host that converts nothing still opens PNGs, and refuses the other formats', async (t) => {
  const { service } = await setup(t, false);
  assert.equal((await service.images.open(await imageFile('png', 10, 10))).ok, true);
  assert.deepEqual(await service.images.open(await imageFile('jpeg', 10, 10)), {
    ok: false,
    refusal: { reason: 'unsupported' },
  });
});

test('the current conversation is the latest capture until another is opened, and none once it is deleted', async (t) => {
  const { service } = await setup(t);
  assert.equal(service.currentConversation(), null);
  const first = await service.openCapture(await imageFile('png', 8, 8));
  assert.equal(service.currentConversation(), first.id);
  const second = await service.images.open(await imageFile('jpeg', 8, 8));
  assert.ok(second.ok);
  assert.equal(service.currentConversation(), second.conversation.id);
  await service.openConversation(first.id);
  assert.equal(service.currentConversation(), first.id);
  await service.deleteConversation(first.id);
  assert.equal(service.currentConversation(), null);
});
