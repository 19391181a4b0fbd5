import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OpenImageReply } from '../../common/open-image.js';
import type { SentImage } from '../../common/redaction.js';
import { testPng } from '../support/images.js';
import type { Report } from '../support/stand-in-electron/control.js';
import { chatWindowLoaded, launchStandIn, type StandInApp } from '../support/stand-in-electron/driver.js';

// "Copy image" in the app's chat window (chat:copy-image): the built main
// process under the stand-in for Electron puts a capture's PNG on the
// clipboard as captured, or as it leaves with its hidden areas filled (the
// engine fills them in its utility process); where nothing is hidden, both
// are the capture. The test plays the page over IPC.

let userData: string;
let app: StandInApp;
let chat: { windowId: number };

before(async () => {
  userData = await mkdtemp(path.join(os.tmpdir(), 'sightline-copy-image-main-'));
  app = launchStandIn({ userData });
  chat = await chatWindowLoaded(app);
});

after(async () => {
  app.kill();
  await app.exited;
  await rm(userData, { recursive: true, force: true });
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
