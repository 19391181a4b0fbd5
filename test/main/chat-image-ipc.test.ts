import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OpenImageReply } from '../../common/open-image.js';
import { pngSize } from '../../common/png-size.js';
import type { SentImage } from '../../common/redaction.js';
import { animatedGif, gifFrameColours, imageFile, svgFile, topLeftPixel } from '../support/image-files.js';
import { testPng } from '../support/images.js';
import type { Report } from '../support/stand-in-electron/control.js';
import { chatWindowLoaded, launchStandIn, type StandInApp } from '../support/stand-in-electron/driver.js';

// Images through the app's chat window, the built main process under the
// stand-in for Electron, the test playing the page over IPC. In: an image the
// user opens, pastes or drops (chat:open-image), converted by the engine in
// its utility process (sharp never runs in main), and what a chat window
// opened later opens on (chat:current-conversation). Out: "Copy image"
// (chat:copy-image) puts a capture's PNG on the clipboard as captured, or as
// it leaves with its hidden areas filled (the engine fills them); where
// nothing is hidden, both are the capture.

let userData: string;
let app: StandInApp;
let chat: { windowId: number };

before(async () => {
  userData = await mkdtemp(path.join(os.tmpdir(), 'sightline-chat-image-main-'));
  app = launchStandIn({ userData });
  chat = await chatWindowLoaded(app);
});

after(async () => {
  app.kill();
  await app.exited;
  await rm(userData, { recursive: true, force: true });
});

const openImage = async (bytes: Uint8Array) => (await app.invoke('chat:open-image', { bytes }, chat)) as OpenImageReply;

test('a JPEG opened in the chat window becomes a PNG capture the window hears of, and the current conversation', async () => {
  assert.equal(await app.invoke('chat:current-conversation', undefined, chat), null);
  const reply = await openImage(await imageFile('jpeg', 150, 60));
  assert.ok(reply.ok, JSON.stringify(reply));
  const { id, capture } = reply.conversation;
  assert.deepEqual([capture.width, capture.height], [150, 60]);
  const png = (await app.invoke('chat:capture-image', { conversationId: id }, chat)) as Uint8Array;
  assert.deepEqual(pngSize(png), { width: 150, height: 60 });
  await app.waitFor(
    'sent',
    (report: Extract<Report, { type: 'sent' }>) =>
      report.channel === 'chat:capture-opened' && (report.payload as { id: string }).id === id,
  );
  // A chat window made again later (closed, then opened from the tray) asks, and opens on it.
  assert.equal(await app.invoke('chat:current-conversation', undefined, chat), id);
});

test('an animated GIF opens on its first frame; an SVG is refused as unsupported', async () => {
  const gif = await openImage(await animatedGif(40, 30));
  assert.ok(gif.ok);
  const png = (await app.invoke('chat:capture-image', { conversationId: gif.conversation.id }, chat)) as Uint8Array;
  assert.deepEqual(await topLeftPixel(png), [...gifFrameColours[0]]);
  assert.deepEqual(await openImage(svgFile()), { ok: false, refusal: { reason: 'unsupported' } });
});

/** The clipboard's images so far, oldest first. */
const clipboardImages = () =>
  app.reports.filter(
    (report): report is Extract<Report, { type: 'clipboard-image' }> => report.type === 'clipboard-image',
  );

/** Waits for the clipboard's `count`-th image and returns it. */
async function clipboardImage(count: number): Promise<Extract<Report, { type: 'clipboard-image' }>> {
  await app.waitFor('clipboard-image', () => clipboardImages().length >= count);
  return clipboardImages()[count - 1]!;
}

test('Copy image puts the capture on the clipboard as a PNG, as captured or with its hidden areas filled', async () => {
  const opened = (await app.invoke('chat:open-image', { bytes: await testPng(160, 90) }, chat)) as OpenImageReply;
  assert.ok(opened.ok, JSON.stringify(opened));
  const conversationId = opened.conversation.id;
  const captured = (await app.invoke('chat:capture-image', { conversationId }, chat)) as Uint8Array;

  assert.equal(await app.invoke('chat:copy-image', { conversationId, capture: 0, hidden: false }, chat), null);
  const asCaptured = await clipboardImage(1);
  assert.deepEqual(asCaptured.types, ['image/png']);
  assert.equal(asCaptured.bytes, captured.byteLength);

  // Nothing hidden yet: the version with hidden areas is the capture as captured.
  assert.equal(await app.invoke('chat:copy-image', { conversationId, capture: 0, hidden: true }, chat), null);
  assert.equal((await clipboardImage(2)).bytes, captured.byteLength);

  // Hidden: the clipboard gets the image that leaves, not the capture.
  const box = { x: 20, y: 10, width: 60, height: 30 };
  await app.invoke('chat:hide-secrets', { conversationId, capture: 0, boxes: [box] }, chat);
  const sent = (await app.invoke('chat:sent-image', { conversationId, capture: 0 }, chat)) as SentImage;
  const sentBytes = Buffer.from(sent.pngBase64, 'base64');
  assert.notDeepEqual(new Uint8Array(sentBytes), new Uint8Array(captured));
  assert.equal(await app.invoke('chat:copy-image', { conversationId, capture: 0, hidden: true }, chat), null);
  const withHidden = await clipboardImage(3);
  assert.deepEqual(withHidden.types, ['image/png']);
  assert.equal(withHidden.bytes, sentBytes.byteLength);
});
