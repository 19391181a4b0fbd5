import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OpenImageReply } from '../../common/open-image.js';
import { pngSize } from '../../common/png-size.js';
import { animatedGif, gifFrameColours, imageFile, svgFile, topLeftPixel } from '../support/image-files.js';
import type { Report } from '../support/stand-in-electron/control.js';
import { chatWindowLoaded, launchStandIn, type StandInApp } from '../support/stand-in-electron/driver.js';

// The app's door for an image the user opens, pastes or drops in the chat
// window (chat:open-image), and what a chat window opened later opens on
// (chat:current-conversation): the built main process under the stand-in for
// Electron, the conversion done by the engine in its utility process (sharp
// never runs in main), the test playing the page over IPC.

let userData: string;
let app: StandInApp;
let chat: { windowId: number };

before(async () => {
  userData = await mkdtemp(path.join(os.tmpdir(), 'sightline-open-image-main-'));
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
