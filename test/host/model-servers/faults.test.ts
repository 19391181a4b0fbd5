import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Turn } from '../../../common/engine-protocol.js';
import {
  closedPort,
  defaultTokens,
  rawServer,
  startFakeServer,
  type Faults,
  type Protocol,
} from '../../support/fake-model-server.js';
import { ask, backendFor, collect, errorOf, last, text, type Timed } from './helpers.js';

// Each fault ends the answer with a clear error; the same conversation then
// asked again of a healthy server is answered.
const conversation: Turn[] = [
  { role: 'user', text: 'What does this dialog say?' },
  { role: 'assistant', text: 'It says a file is missing.' },
  { role: 'user', text: 'Which file?' },
];

function reasonOf(events: Timed[]): string {
  const end = last(events);
  return end.type === 'done' ? end.reason : `error: ${end.type === 'error' ? end.error.message : end.type}`;
}

interface FaultCase {
  name: string;
  faults: Faults;
  code: string;
  message: RegExp;
  /** The backend's first-byte timeout, for the cases that wait for it. */
  firstByteTimeoutMs?: number;
}

function cases(protocol: Protocol): FaultCase[] {
  const server = protocol === 'ollama' ? /Ollama at 127\.0\.0\.1:\d+/ : /server at 127\.0\.0\.1:\d+/;
  const errorBody =
    protocol === 'ollama'
      ? JSON.stringify({ error: 'llama runner process has terminated: CUDA out of memory' })
      : JSON.stringify({ error: { message: 'llama runner process has terminated: CUDA out of memory', code: 500 } });
  return [
    {
      name: '401 with a JSON error body',
      faults: {
        status: { code: 401, body: JSON.stringify({ error: { message: 'Invalid token: expired 2026-01-01' } }) },
      },
      code: 'remote-refused',
      message: /refused the request \(HTTP 401\): Invalid token: expired 2026-01-01\./,
    },
    {
      name: '500 with a body',
      faults: { status: { code: 500, body: errorBody } },
      code: 'remote-error',
      message: /failed \(HTTP 500\): llama runner process has terminated: CUDA out of memory/,
    },
    {
      name: '502 with an HTML page',
      faults: { status: { code: 502, body: '<html><body>Bad gateway</body></html>', contentType: 'text/html' } },
      code: 'remote-error',
      message: /failed \(HTTP 502\)\.$/,
    },
    {
      name: 'a stream cut in the middle',
      faults: { cutAfter: 3 },
      code: 'remote-bad-stream',
      message: /broke in the middle of the answer/,
    },
    {
      name: protocol === 'ollama' ? 'a malformed NDJSON line' : 'a malformed SSE event',
      faults: { malformedAfter: 2 },
      code: 'remote-bad-stream',
      message: /cannot read \((a line|an event) that is not JSON/,
    },
    {
      name: 'a server that never answers',
      faults: { silent: true },
      code: 'remote-timeout',
      message: /did not start answering within 1 second \(the first-byte timeout\)/,
      firstByteTimeoutMs: 1_000,
    },
  ].map((fault) => ({ ...fault, message: new RegExp(`${server.source}.*${fault.message.source}`, 'i') }));
}

for (const protocol of ['ollama', 'openai'] as Protocol[]) {
  const models = protocol === 'ollama' ? ['llava:latest'] : ['qwen2-vl'];

  for (const fault of cases(protocol)) {
    test(`${protocol}: ${fault.name} ends the answer with a clear error; asked again, it is answered`, async (t) => {
      const server = await startFakeServer({ protocol, models });
      t.after(() => server.close());
      const backend = backendFor(
        server,
        protocol,
        fault.firstByteTimeoutMs ? { firstByteTimeoutMs: fault.firstByteTimeoutMs } : {},
      );
      Object.assign(server.faults, fault.faults);
      const started = Date.now();
      const failed = await collect(backend.ask(ask(conversation)));
      const error = errorOf(failed);
      assert.equal(error.code, fault.code, error.message);
      assert.match(error.message, fault.message);
      assert.match(error.message, /127\.0\.0\.1:\d+/, 'the message names the server');
      if (fault.firstByteTimeoutMs) {
        assert.ok(Date.now() - started < fault.firstByteTimeoutMs + 1_000, 'ended at the timeout');
      }

      for (const key of Object.keys(server.faults)) delete server.faults[key as keyof Faults];
      const retried = await collect(backend.ask(ask(conversation)));
      assert.equal(reasonOf(retried), 'eos');
      assert.equal(text(retried), defaultTokens.join(''));
      const resent = server.chatRequests().at(-1)!.body as { messages: unknown[] };
      assert.equal(resent.messages.length, 3, 'the whole conversation was sent again');
    });
  }

  test(`${protocol}: a refused connection says nothing listens there`, async () => {
    const backend = backendFor({ baseUrl: await closedPort() }, protocol);
    const error = errorOf(await collect(backend.ask(ask(conversation))));
    assert.equal(error.code, 'remote-unreachable');
    assert.match(error.message, /refused the connection: nothing is listening there/);
    assert.match(error.message, protocol === 'ollama' ? /Is Ollama running \(ollama serve\)/ : /Is the server running/);
  });

  test(`${protocol}: a model the server does not have is named, with what to do`, async (t) => {
    const server = await startFakeServer({ protocol, models });
    t.after(() => server.close());
    const backend = backendFor(server, protocol, { model: 'no-such-model' });
    const error = errorOf(await collect(backend.ask(ask(conversation))));
    assert.equal(error.code, 'remote-model-missing');
    assert.match(error.message, /has no model "no-such-model" \(HTTP 404\)/);
    if (protocol === 'ollama') assert.match(error.message, /ollama pull no-such-model/);
    else assert.match(error.message, /The model `no-such-model` does not exist\./);
  });

  test(`${protocol}: a wrong base URL (404 without a model in the message) says to check it`, async (t) => {
    const server = await startFakeServer({ protocol, models });
    t.after(() => server.close());
    const backend = backendFor(server, protocol, { baseUrl: `${server.url}/nothing-here` });
    const error = errorOf(await collect(backend.ask(ask(conversation))));
    assert.equal(error.code, 'remote-error');
    assert.match(error.message, /no such endpoint \(HTTP 404\).*Check the base URL/);
  });

  test(`${protocol}: a failure on one server, then the same conversation on another backend`, async (t) => {
    const broken = await startFakeServer({ protocol, models });
    const other: Protocol = protocol === 'ollama' ? 'openai' : 'ollama';
    const healthy = await startFakeServer({
      protocol: other,
      models: other === 'ollama' ? ['llava:latest'] : ['qwen2-vl'],
    });
    t.after(() => Promise.all([broken.close(), healthy.close()]));
    broken.faults.cutAfter = 1;
    assert.equal(last(await collect(backendFor(broken, protocol).ask(ask(conversation)))).type, 'error');
    const switched = await collect(backendFor(healthy, other).ask(ask(conversation)));
    assert.equal(reasonOf(switched), 'eos');
    assert.equal((healthy.chatRequests()[0]!.body as { messages: unknown[] }).messages.length, 3);
  });
}

test('https to a plain-http server says to try http://', async (t) => {
  const server = await startFakeServer({ protocol: 'ollama' });
  t.after(() => server.close());
  const backend = backendFor({ baseUrl: server.url.replace('http:', 'https:') }, 'ollama');
  const error = errorOf(await collect(backend.ask(ask(conversation))));
  assert.equal(error.code, 'remote-unreachable');
  assert.match(error.message, /does not speak https .*Try http:\/\/ in the base URL/);
});

test('a redirect is not followed: the capture would go to a host the privacy line does not name', async (t) => {
  const server = await rawServer((_req, res) => {
    res.writeHead(307, { location: 'https://elsewhere.example/v1/chat/completions?token=abc' });
    res.end();
  });
  t.after(() => server.close());
  const backend = backendFor({ baseUrl: `${server.url}/v1` }, 'openai', { model: 'm' });
  const error = errorOf(await collect(backend.ask(ask(conversation))));
  assert.equal(error.code, 'remote-error');
  assert.match(error.message, /redirects \(HTTP 307\) to https:\/\/elsewhere\.example\/v1\/chat\/completions\./);
  assert.doesNotMatch(error.message, /token=abc/);
});

test('a stream that goes silent in the middle ends with a timeout that says so', async (t) => {
  const server = await rawServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.write(`${JSON.stringify({ message: { content: 'Half ' }, done: false })}\n`);
    // …and nothing more, the connection held open.
  });
  t.after(() => server.close());
  const backend = backendFor({ baseUrl: server.url }, 'ollama', { timeoutMs: 1_000 });
  const events = await collect(backend.ask(ask(conversation)));
  assert.equal(text(events), 'Half ');
  const error = errorOf(events);
  assert.equal(error.code, 'remote-timeout');
  assert.match(error.message, /stopped sending in the middle of the answer and was silent for 1 second/);
});

test('a stream that ends before the server says it is done is an error, not a short answer', async (t) => {
  const server = await rawServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(`data: ${JSON.stringify({ choices: [{ delta: { content: 'Half' }, finish_reason: null }] })}\n\n`);
  });
  t.after(() => server.close());
  const backend = backendFor({ baseUrl: `${server.url}/v1` }, 'openai', { model: 'm' });
  const error = errorOf(await collect(backend.ask(ask(conversation))));
  assert.equal(error.code, 'remote-bad-stream');
});

test('an error the server sends inside the stream is shown in its words', async (t) => {
  const server = await rawServer((req, res) => {
    res.writeHead(200, { 'content-type': req.url?.startsWith('/api') ? 'application/x-ndjson' : 'text/event-stream' });
    if (req.url?.startsWith('/api'))
      res.end(`${JSON.stringify({ error: 'an error was encountered while running the model' })}\n`);
    else res.end(`data: ${JSON.stringify({ error: { message: 'context length exceeded' } })}\n\n`);
  });
  t.after(() => server.close());
  const fromOllama = errorOf(await collect(backendFor({ baseUrl: server.url }, 'ollama').ask(ask(conversation))));
  assert.equal(fromOllama.code, 'remote-error');
  assert.match(fromOllama.message, /stopped with an error: an error was encountered while running the model/);
  const fromOpenAi = errorOf(
    await collect(backendFor({ baseUrl: `${server.url}/v1` }, 'openai', { model: 'm' }).ask(ask(conversation))),
  );
  assert.match(fromOpenAi.message, /stopped with an error: context length exceeded/);
});

test('a malformed question ends with bad-request, without any request', async (t) => {
  const server = await startFakeServer({ protocol: 'ollama' });
  t.after(() => server.close());
  const backend = backendFor(server, 'ollama');
  const error = errorOf(await collect(backend.ask({ ...ask(conversation), turns: [] })));
  assert.equal(error.code, 'bad-request');
  assert.equal(server.requests.length, 0);
});
