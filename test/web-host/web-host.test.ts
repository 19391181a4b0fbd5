import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import type { ServerFrame } from '../../common/chat-web-contract.js';
import { ChatService } from '../../host/chat/chat-service.js';
import { memorySettingsPort } from '../../host/chat/chat-settings.js';
import { HistoryStore } from '../../host/history/history-store.js';
import { directPrepareImage } from '../../host/model-servers/direct-prepare-image.js';
import { createWebHost, type WebHost, type WebHostOptions } from '../../web-host/web-host.js';
import { testPng } from '../support/images.js';
import { imageFile, textFile } from '../support/image-files.js';
import { waitUntil } from '../support/wait-until.js';
import { ScriptedEngine } from '../host/chat/scripted-engine.js';

const appInfo = {
  name: 'Sightline',
  version: '0.0.0',
  platform: 'linux' as const,
  versions: { electron: 'none', chrome: '', node: process.versions.node },
};

async function setup(
  t: { after(fn: () => Promise<void>): void },
  hostOptions: Pick<WebHostOptions, 'maxCaptureBytes'> = {},
) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-web-host-'));
  const renderer = path.join(dir, 'renderer');
  await mkdir(path.join(renderer, 'chat'), { recursive: true });
  await writeFile(
    path.join(renderer, 'chat', 'index.html'),
    '<!doctype html><html><head><title>x</title></head></html>',
  );
  await writeFile(path.join(dir, 'secret.txt'), 'secret');
  const engine = new ScriptedEngine();
  const service = new ChatService({
    answers: engine,
    engine,
    store: new HistoryStore(path.join(dir, 'history')),
    settings: memorySettingsPort({ keepHistory: true, answerLanguage: 'question' }),
    openExternal: () => {},
    convertOpenedImage: directPrepareImage,
  });
  const host = await createWebHost({ rendererDir: renderer, service, appInfo, devRoutes: true, ...hostOptions });
  t.after(async () => {
    await host.close();
    await service.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  return { host, engine, service };
}

/** A raw request, so nothing normalises the path or the headers. */
function raw(
  host: WebHost,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: Uint8Array },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // Settled once the answer is read and the whole body is sent: the host may
    // answer before it has read the body, and a test that ended then would close
    // the host under a client still sending.
    let sent = false;
    let answer: { status: number; body: string } | undefined;
    const settle = () => {
      if (sent && answer) resolve(answer);
    };
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: host.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          answer = { status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() };
          settle();
        });
      },
    );
    request.on('error', reject);
    request.on('finish', () => {
      sent = true;
      settle();
    });
    request.end(options.body);
  });
}

function connect(host: WebHost, origin: string | null = host.origin): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, origin ? { origin } : {});
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A client that sends requests and collects what the host pushes. */
function client(socket: WebSocket) {
  let nextId = 1;
  const frames: ServerFrame[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as ServerFrame);
    for (const wake of waiters.splice(0)) wake();
  });
  const until = async (match: (frame: ServerFrame) => boolean): Promise<ServerFrame> => {
    for (;;) {
      const found = frames.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return {
    frames,
    until,
    async call(method: string, params?: unknown): Promise<ServerFrame> {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params }));
      return until((frame) => (frame.type === 'result' || frame.type === 'failure') && frame.id === id);
    },
  };
}

test('serves the pages marked as served by the web host, and nothing outside them', async (t) => {
  const { host } = await setup(t);
  const page = await raw(host, { path: '/chat/index.html', headers: { host: `127.0.0.1:${host.port}` } });
  assert.equal(page.status, 200);
  assert.match(page.body, /<meta name="sightline-web-host" content="1" \/>/);
  assert.equal((await raw(host, { path: '/', headers: { host: `127.0.0.1:${host.port}` } })).status, 302);
  for (const escape of ['/../secret.txt', '/..%2fsecret.txt', '/chat/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt']) {
    const response = await raw(host, { path: escape, headers: { host: `127.0.0.1:${host.port}` } });
    assert.ok(response.status === 403 || response.status === 404, `${escape}: ${response.status}`);
    assert.doesNotMatch(response.body, /secret/);
  }
  // A page elsewhere that resolves its own name to 127.0.0.1 (DNS rebinding) is refused.
  assert.equal((await raw(host, { path: '/chat/index.html', headers: { host: 'evil.example' } })).status, 421);
});

test('the WebSocket accepts only this host’s own pages', async (t) => {
  const { host } = await setup(t);
  await assert.rejects(connect(host, 'http://evil.example'), /403/);
  await assert.rejects(connect(host, `http://127.0.0.1:${host.port + 1}`), /403/);
  await assert.rejects(connect(host, null), /403/);
  const socket = await connect(host);
  t.after(() => socket.close());
  const { call } = client(socket);
  const info = await call('app:info');
  assert.deepEqual(info.type === 'result' && info.result, appInfo);
  const bad = await call('chat:open-conversation', { conversationId: '../../etc' });
  assert.equal(bad.type, 'failure');
  assert.match(bad.type === 'failure' ? bad.message : '', /Refused chat:open/);
  const unknown = await call('chat:capture-image', { conversationId: 'abcdef' });
  assert.equal(unknown.type, 'failure');
});

test('a capture posted to the dev route opens on every page; a question streams its answer back', async (t) => {
  const { host, engine } = await setup(t);
  const socket = await connect(host);
  t.after(() => socket.close());
  const { call, until, frames } = client(socket);
  const png = await testPng(40, 30);
  const posted = await fetch(`${host.origin}/dev/capture`, {
    method: 'POST',
    headers: { 'content-type': 'image/png' },
    body: png,
  });
  assert.equal(posted.status, 201);
  const { conversation } = (await posted.json()) as { conversation: { id: string } };
  const conversationId = conversation.id;
  const capture = await until((frame) => frame.type === 'capture');
  assert.equal(capture.type === 'capture' && capture.conversation.id, conversationId);

  const image = await fetch(`${host.origin}/api/captures/${conversationId}.png`);
  assert.equal(image.headers.get('content-type'), 'image/png');
  assert.deepEqual(new Uint8Array(await image.arrayBuffer()), png);

  const asked = await call('chat:ask', { answerId: 'q1', conversationId, mode: 'ask', question: 'Why?' });
  assert.deepEqual(asked, { type: 'result', id: asked.type === 'result' ? asked.id : -1, result: null });
  await until((frame) => frame.type === 'answer' && frame.event.type === 'done');
  const answer = frames.flatMap((frame) =>
    frame.type === 'answer' && frame.event.type === 'delta' ? [frame.event.text] : [],
  );
  assert.equal(answer.join(''), 'Hello there.');
  const opened = await call('chat:open-conversation', { conversationId });
  assert.deepEqual(
    opened.type === 'result' && (opened.result as { turns: Array<{ text: string }> }).turns.map((turn) => turn.text),
    ['Why?', 'Hello there.'],
  );
  assert.equal(engine.requests.length, 1);
});

test('the capture routes refuse other sites', async (t) => {
  const { host, service } = await setup(t);
  const png = await testPng(8, 8);
  const hostHeader = { host: `127.0.0.1:${host.port}` };
  const post = (headers: Record<string, string>) =>
    raw(host, { path: '/dev/capture', method: 'POST', headers: { ...hostHeader, ...headers }, body: png });
  assert.equal(
    (await post({ 'content-type': 'image/png', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).status,
    403,
  );
  assert.equal((await post({ 'content-type': 'image/png', 'sec-fetch-site': 'same-site' })).status, 403);
  assert.equal((await post({ 'content-type': 'text/plain' })).status, 415);
  assert.equal((await post({ 'content-type': 'image/png' })).status, 201);
  const [summary] = await service.listConversations();
  const image = await raw(host, {
    path: `/api/captures/${summary!.id}.png`,
    headers: { ...hostHeader, 'sec-fetch-site': 'cross-site' },
  });
  assert.equal(image.status, 403);
});

test('a page that goes away stops its answers', async (t) => {
  const { host, engine, service } = await setup(t);
  engine.script = () => [
    ...Array.from({ length: 500 }, (_, i) => ({ type: 'delta' as const, text: `${i} ` })),
    { type: 'done' as const, reason: 'length' as const },
  ];
  const { id } = await service.openCapture(await testPng(8, 8));
  const socket = await connect(host);
  const { call, until } = client(socket);
  await call('chat:ask', { answerId: 'q1', conversationId: id, mode: 'ask', question: 'Long?' });
  await until((frame) => frame.type === 'answer' && frame.event.type === 'delta');
  socket.close();
  await waitUntil(
    async () => (await service.openConversation(id)).turns.at(-1)?.role === 'assistant',
    'the answer ended',
  );
  const last = (await service.openConversation(id)).turns.at(-1);
  assert.equal(last?.role === 'assistant' && last.outcome, 'stopped');
});

test('an oversized capture gets its 413 answer, not a reset connection, and nothing is stored', async (t) => {
  const { host, service } = await setup(t, { maxCaptureBytes: 1024 * 1024 });
  // Far beyond the limit, so the client is still sending when the host refuses.
  const body = new Uint8Array(16 * 1024 * 1024);
  body.set(await testPng(8, 8));
  const headers = { host: `127.0.0.1:${host.port}`, 'content-type': 'image/png' };
  const answer = await raw(host, { path: '/dev/capture', method: 'POST', headers, body });
  assert.equal(answer.status, 413);
  assert.deepEqual(JSON.parse(answer.body), {
    ok: false,
    refusal: { reason: 'too-large', maxBytes: 1024 * 1024 },
    message: 'The image is larger than 1 MB, the most Sightline opens.',
  });
  const fetched = await fetch(`${host.origin}/dev/capture`, { method: 'POST', headers, body });
  assert.equal(fetched.status, 413);
  assert.deepEqual(await service.listConversations(), []);
});

test('a PNG whose header declares more pixels than the engine reads is refused with why, and not stored', async (t) => {
  const { host, service } = await setup(t);
  const opened: unknown[] = [];
  service.onCapture((conversation) => opened.push(conversation));
  // A real PNG whose IHDR claims 100000x100000: refused from the header, never decoded.
  const png = await testPng(8, 8);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  view.setUint32(16, 100_000);
  view.setUint32(20, 100_000);
  const answer = await raw(host, {
    path: '/dev/capture',
    method: 'POST',
    headers: { host: `127.0.0.1:${host.port}`, 'content-type': 'image/png' },
    body: png,
  });
  assert.equal(answer.status, 413);
  assert.equal(
    (JSON.parse(answer.body) as { message: string }).message,
    'The image is 100000x100000 px (10,000 megapixels): more than the 1,073 megapixels Sightline reads. Open a smaller image.',
  );
  assert.deepEqual(await service.listConversations(), []);
  assert.deepEqual(opened, []);
});

test('the dev route opens a JPEG as a PNG capture, and refuses what is not an image with why, as JSON', async (t) => {
  const { host, service } = await setup(t);
  const post = (body: Uint8Array<ArrayBuffer>, type = 'application/octet-stream') =>
    fetch(`${host.origin}/dev/capture`, { method: 'POST', headers: { 'content-type': type }, body });
  const jpeg = await post(await imageFile('jpeg', 50, 20), 'image/jpeg');
  assert.equal(jpeg.status, 201);
  const opened = (await jpeg.json()) as { ok: true; conversation: { id: string; capture: { width: number } } };
  assert.equal(opened.conversation.capture.width, 50);
  const image = await fetch(`${host.origin}/api/captures/${opened.conversation.id}.png`);
  assert.equal(image.headers.get('content-type'), 'image/png');

  const text = await post(textFile());
  assert.equal(text.status, 415);
  assert.deepEqual(await text.json(), {
    ok: false,
    refusal: { reason: 'unsupported' },
    message: 'Sightline opens PNG, JPEG, WebP and GIF images; this file is none of them.',
  });
  assert.equal((await service.listConversations()).length, 1);
});

test('a page that connects after a capture asks for it: the current conversation', async (t) => {
  const { host, service } = await setup(t);
  const socket = await connect(host);
  t.after(() => socket.close());
  const { call } = client(socket);
  const none = await call('chat:current-conversation');
  assert.deepEqual(none.type === 'result' && { result: none.result }, { result: null });
  const { id } = await service.openCapture(await testPng(8, 8));
  const current = await call('chat:current-conversation');
  assert.equal(current.type === 'result' && current.result, id);
  // Images go over http: the socket does not take them.
  const refused = await call('chat:open-image', { bytes: [1, 2, 3] });
  assert.equal(refused.type, 'failure');
});

test('a capture added to a conversation is pushed to every page and served at its index', async (t) => {
  const { host, service } = await setup(t);
  const socket = await connect(host);
  t.after(() => socket.close());
  const { call, until } = client(socket);
  const { id } = await service.openCapture(await testPng(40, 30));
  const again = await testPng(40, 30, 5);
  await service.addCapture(id, again, { kind: 'repeat' });
  const added = await until((frame) => frame.type === 'capture-added');
  assert.deepEqual(added.type === 'capture-added' && [added.added.conversationId, added.added.capture], [id, 1]);
  const image = await fetch(`${host.origin}/api/captures/${id}/1.png`);
  assert.equal(image.headers.get('content-type'), 'image/png');
  assert.deepEqual(new Uint8Array(await image.arrayBuffer()), again);
  assert.equal((await fetch(`${host.origin}/api/captures/${id}/2.png`)).status, 404);
  assert.equal((await fetch(`${host.origin}/api/captures/${id}/01.png`)).status, 404);
  // A closer look needs the engine's crop, which this host has not: refused with the reason.
  const refused = await call('chat:look-closer', {
    conversationId: id,
    capture: 0,
    rect: { x: 0, y: 0, width: 10, height: 10 },
  });
  assert.equal(refused.type === 'failure' && refused.message, 'A part of a capture cannot be cut out here.');
});
