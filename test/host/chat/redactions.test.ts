import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { RedactionBox } from '../../../common/redaction.js';
import { fillBoxes } from '../../../engine/fill-boxes.js';
import { CaptureTextReader } from '../../../engine/read-text.js';
import { BackendSwitch } from '../../../host/answers/backend-switch.js';
import { localBackend } from '../../../host/answers/local-backend.js';
import { ChatService } from '../../../host/chat/chat-service.js';
import { memorySettingsPort } from '../../../host/chat/chat-settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { askAndCollect } from '../../support/answer-events.js';
import { startFakeServer, type FakeServer } from '../../support/fake-model-server.js';
import { backendFor } from '../model-servers/helpers.js';
import { ScriptedEngine } from './scripted-engine.js';
import { renderSecretCapture, type SecretCapture } from './secret-capture.js';

// Hiding secrets before a capture goes to a model server, end to end: a
// capture with a planted secret of every kind, rendered by Chromium, read by
// the real text layer (offline), the findings reviewed and filled, and the
// question sent to a fake OpenAI-compatible server on 127.0.0.1, whose
// request body is inspected: the image in it has each hidden box in one
// colour (and each planted secret's pixels under one), no secret is in the
// body in any form, and the conversation's sent-0.png is exactly what went.

let capture: SecretCapture;
let reader: CaptureTextReader;
let server: FakeServer;

before(async () => {
  capture = await renderSecretCapture(800, 600);
  reader = new CaptureTextReader();
  server = await startFakeServer({ protocol: 'openai', models: ['qwen2-vl'], stepMs: 1 });
});

after(async () => {
  await reader?.dispose();
  await server?.close();
});

async function setup(t: { after(fn: () => Promise<void>): void }, answers: 'server' | 'local' = 'server') {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-redaction-'));
  const engine = new ScriptedEngine();
  const backends = new BackendSwitch(localBackend(engine, { model: undefined, state: 'ready' }));
  if (answers === 'server') backends.use(backendFor(server, 'openai'));
  const service = new ChatService({
    answers: backends,
    engine,
    textLayer: { readText: (source) => reader.read(source) },
    store: new HistoryStore(dir),
    settings: memorySettingsPort({ answersFromServer: answers === 'server' }),
    fillBoxes,
  });
  // The capture's text is kept beside it as it is read: the folder goes once the service is done.
  t.after(async () => {
    await service.dispose();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });
  return { service, dir, engine };
}

/** The last chat request's body: its raw text, the image it carried (PNG bytes) and its text parts. */
function lastRequest(): { raw: string; png: Buffer; texts: string[] } {
  const request = server.chatRequests().at(-1)!;
  const body = request.body as {
    messages: Array<{ content: string | Array<{ type: string; text?: string; image_url?: { url: string } }> }>;
  };
  const parts = body.messages.flatMap((message) =>
    typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content,
  );
  const url = parts.find((part) => part.type === 'image_url')!.image_url!.url;
  return {
    raw: request.rawBody,
    png: Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'),
    texts: parts.flatMap((part) => (part.text ? [part.text] : [])),
  };
}

/** The distinct colours of the image's pixels inside `box`. */
async function coloursIn(png: Buffer, box: RedactionBox): Promise<Set<string>> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const colours = new Set<string>();
  for (let y = Math.floor(box.y); y < Math.ceil(box.y + box.height); y++) {
    for (let x = Math.floor(box.x); x < Math.ceil(box.x + box.width); x++) {
      const at = (y * info.width + x) * 4;
      colours.add(data.subarray(at, at + 4).join(','));
    }
  }
  return colours;
}

function covers(outer: RedactionBox, inner: RedactionBox): boolean {
  return (
    outer.x <= inner.x &&
    outer.y <= inner.y &&
    outer.x + outer.width >= inner.x + inner.width &&
    outer.y + outer.height >= inner.y + inner.height
  );
}

/** Every way a secret could ride along: as is, its longest run of letters and digits, base64 of either. */
function forms(secret: string): string[] {
  const core = secret.split(/[^A-Za-z0-9]+/).sort((a, b) => b.length - a.length)[0]!;
  const base64 = Buffer.from(secret).toString('base64').slice(0, -4);
  // A short core is a word ("example" of an e-mail address) that the capture's other text may hold.
  return core.length >= 10
    ? [secret, base64, core, Buffer.from(core).toString('base64').slice(0, -4)]
    : [secret, base64];
}

test('every planted secret is found, its box over all of it, with nothing else boxed', async (t) => {
  const { service } = await setup(t);
  const opened = await service.openCapture(capture.png);
  const { findings, textRead } = await service.redactions.find(opened.id, 0);
  assert.ok(textRead);
  for (const secret of capture.secrets) {
    const finding = findings.find((found) => covers(found.box, secret.box));
    assert.ok(finding, `${secret.kind} "${secret.text}" at ${JSON.stringify(secret.box)} is boxed`);
    assert.equal(finding.kind, secret.kind, secret.text);
  }
  // Precision: each finding lies on a planted secret (the key block's rows are one finding).
  const stray = findings.filter(
    (found) =>
      !capture.secrets.some(
        (secret) => Math.abs(found.box.y + found.box.height / 2 - (secret.box.y + secret.box.height / 2)) < 30,
      ),
  );
  assert.deepEqual(stray, []);
});

test('what leaves: each hidden box one colour, no secret in the body in any form, sent-0.png exactly what went', async (t) => {
  const { service, dir } = await setup(t);
  const opened = await service.openCapture(capture.png);
  const { findings } = await service.redactions.find(opened.id, 0);
  // The review: the user draws one more box (over the form's title) and sends.
  const drawn = { x: 20, y: 368, width: 200, height: 24 };
  const boxes = [...findings.map((finding) => finding.box), drawn];
  const redaction = await service.redactions.hide(opened.id, 0, boxes);
  assert.deepEqual(redaction.boxes, boxes);

  const events = await askAndCollect(service, {
    answerId: 'a1',
    conversationId: opened.id,
    mode: 'ask',
    question: 'Why does this fail?',
  });
  assert.equal(events.at(-1)?.type, 'done');
  const sent = lastRequest();

  for (const box of boxes) assert.deepEqual([...(await coloursIn(sent.png, box))], ['0,0,0,255'], JSON.stringify(box));
  for (const secret of capture.secrets) {
    assert.deepEqual([...(await coloursIn(sent.png, secret.box))], ['0,0,0,255'], secret.text);
    for (const form of forms(secret.text)) assert.ok(!sent.raw.includes(form), `"${form}" is in the request body`);
  }
  // The capture's text went with the question, masked.
  const question = sent.texts.join('\n');
  assert.match(question, /Text read from the image by OCR/);
  assert.match(question, /\[hidden: api key\]/);
  assert.match(question, /\[hidden: private key\]/);

  const kept = await readFile(path.join(dir, opened.id, 'sent-0.png'));
  assert.ok(kept.equals(sent.png), 'sent-0.png is the image that was sent');
  const saved = await service.openConversation(opened.id);
  assert.deepEqual(saved.capture.redaction?.boxes, boxes);

  // A follow-up sends the same image, without asking again.
  await askAndCollect(service, { answerId: 'a2', conversationId: opened.id, mode: 'ask', question: 'And then?' });
  const followUp = lastRequest();
  assert.ok(followUp.png.equals(kept));
  for (const secret of capture.secrets) for (const form of forms(secret.text)) assert.ok(!followUp.raw.includes(form));
});

test('a question nobody reviewed still leaves with every finding hidden', async (t) => {
  const { service } = await setup(t);
  const opened = await service.openCapture(capture.png);
  await askAndCollect(service, { answerId: 'a1', conversationId: opened.id, mode: 'ask', question: 'What is this?' });
  const sent = lastRequest();
  for (const secret of capture.secrets) {
    assert.deepEqual([...(await coloursIn(sent.png, secret.box))], ['0,0,0,255'], secret.text);
    for (const form of forms(secret.text)) assert.ok(!sent.raw.includes(form), `"${form}" is in the request body`);
  }
  assert.ok((await service.openConversation(opened.id)).capture.redaction);
});

test('the local model gets the capture as captured, and after "Hide secrets…" the filled image and masked text', async (t) => {
  const { service, dir, engine } = await setup(t, 'local');
  const opened = await service.openCapture(capture.png);
  await askAndCollect(service, { answerId: 'a1', conversationId: opened.id, mode: 'ask', question: 'What is this?' });
  const plain = engine.requests.at(-1)!;
  assert.equal(plain.image.kind, 'path');
  assert.ok((await readFile(plain.image.kind === 'path' ? plain.image.path : '')).equals(capture.png));

  const { findings } = await service.redactions.find(opened.id, 0);
  await service.redactions.hide(
    opened.id,
    0,
    findings.map((finding) => finding.box),
  );
  await askAndCollect(service, { answerId: 'a2', conversationId: opened.id, mode: 'ask', question: 'And now?' });
  const hidden = engine.requests.at(-1)!;
  const png =
    hidden.image.kind === 'path' ? await readFile(hidden.image.path) : Buffer.from(hidden.image.bytes as Uint8Array);
  assert.ok(png.equals(await readFile(path.join(dir, opened.id, 'sent-0.png'))), 'the filled image');
  for (const secret of capture.secrets) {
    assert.deepEqual([...(await coloursIn(png, secret.box))], ['0,0,0,255'], secret.text);
    const turns = JSON.stringify(hidden.turns);
    for (const form of forms(secret.text)) assert.ok(!turns.includes(form), `"${form}" reaches the local model`);
  }
});
