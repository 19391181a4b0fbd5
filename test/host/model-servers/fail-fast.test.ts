import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Turn } from '../../../common/engine-protocol.js';
import { rawServer, type Protocol } from '../../support/fake-model-server.js';
import { ask, backendFor, collect, errorOf, last, text } from './helpers.js';

// A model server that hangs or fails is named quickly, with the limit it hit
// or what it answered, and Stop works at any point. Each limit under test is
// small and the other one large, so only the one meant can end the answer;
// a test whose limit is ignored fails at its own timeout instead of hanging.
const question: Turn[] = [{ role: 'user', text: 'What does this dialog say?' }];
const protocols: Protocol[] = ['ollama', 'openai'];
const limit = { timeout: 15_000 };

/** Where each protocol's backend points at a bare server. */
function baseUrlOf(url: string, protocol: Protocol): string {
  return protocol === 'ollama' ? url : `${url}/v1`;
}

/** A server that reads each request and never answers it; tells when one came and when its connection closed. */
async function hangingServer() {
  let arrived!: (request: IncomingMessage) => void;
  let closed!: () => void;
  const received = new Promise<IncomingMessage>((resolve) => (arrived = resolve));
  const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
  const server = await rawServer((request: IncomingMessage) => {
    request.resume();
    request.on('end', () => arrived(request));
    request.socket.on('close', () => closed());
  });
  return { ...server, received, connectionClosed };
}

/** A server that answers every request with `status` and `body`. */
function failingServer(status: number, body: string, contentType: string) {
  return rawServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': contentType });
      response.end(body);
    });
  });
}

for (const protocol of protocols) {
  test(
    `${protocol}: a server that accepts the question and never answers fails at the first-byte timeout, naming it`,
    limit,
    async (t) => {
      const server = await hangingServer();
      t.after(() => server.close());
      const backend = backendFor({ baseUrl: baseUrlOf(server.url, protocol) }, protocol, {
        model: 'm',
        firstByteTimeoutMs: 200,
        timeoutMs: 60_000,
      });
      const error = errorOf(await collect(backend.ask(ask(question))));
      assert.equal(error.code, 'remote-timeout');
      assert.match(
        error.message,
        /127\.0\.0\.1:\d+ did not start answering within 0\.2 seconds \(the first-byte timeout\)\./,
      );
      assert.match(error.message, /ask again in a moment, or wait longer with firstByteTimeoutMs in settings\.json\./);
    },
  );

  test(
    `${protocol}: a server that sends one piece of the answer and goes silent fails at the idle timeout, naming it`,
    limit,
    async (t) => {
      const server = await rawServer((request: IncomingMessage, response: ServerResponse) => {
        request.resume();
        if (protocol === 'ollama') {
          response.writeHead(200, { 'content-type': 'application/x-ndjson' });
          response.write(`${JSON.stringify({ message: { content: 'Half ' }, done: false })}\n`);
        } else {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.write(
            `data: ${JSON.stringify({ choices: [{ delta: { content: 'Half ' }, finish_reason: null }] })}\n\n`,
          );
        }
        // …and nothing more, the connection held open.
      });
      t.after(() => server.close());
      const backend = backendFor({ baseUrl: baseUrlOf(server.url, protocol) }, protocol, {
        model: 'm',
        firstByteTimeoutMs: 60_000,
        timeoutMs: 200,
      });
      const events = await collect(backend.ask(ask(question)));
      assert.equal(text(events), 'Half ');
      const error = errorOf(events);
      assert.equal(error.code, 'remote-timeout');
      assert.match(
        error.message,
        /stopped sending in the middle of the answer and was silent for 0\.2 seconds \(the idle timeout\)\./,
      );
      assert.match(error.message, /ask again, or raise the timeout in Settings\./);
    },
  );

  test(
    `${protocol}: stop while waiting for the first byte ends the answer at once and closes the connection`,
    limit,
    async (t) => {
      const server = await hangingServer();
      t.after(() => server.close());
      const backend = backendFor({ baseUrl: baseUrlOf(server.url, protocol) }, protocol, {
        model: 'm',
        firstByteTimeoutMs: 60_000,
        timeoutMs: 60_000,
      });
      const answer = backend.ask(ask(question));
      const events = collect(answer);
      await server.received;
      answer.stop();
      assert.deepEqual(last(await events), { type: 'done', reason: 'stopped' });
      // The server sees the question withdrawn, long before either limit.
      await server.connectionClosed;
    },
  );

  test(
    `${protocol}: HTTP 500 to everything is reported as the server failing, with its status and first line`,
    limit,
    async (t) => {
      const body = 'Internal Server Error\nTraceback (most recent call last):\n  File "serve.py", line 12, in chat\n';
      const server = await failingServer(500, body, 'text/plain');
      t.after(() => server.close());
      const backend = backendFor({ baseUrl: baseUrlOf(server.url, protocol) }, protocol, { model: 'm' });

      const report = await backend.checkConnection();
      assert.equal(report.ok, false);
      assert.equal(report.problem?.code, 'remote-error');
      assert.match(report.summary, /127\.0\.0\.1:\d+ failed \(HTTP 500\): Internal Server Error\.$/);
      assert.doesNotMatch(report.summary, /image/i);
      assert.doesNotMatch(report.summary, /Traceback/);

      const error = errorOf(await collect(backend.ask(ask(question))));
      assert.equal(error.code, 'remote-error');
      assert.match(error.message, /failed \(HTTP 500\): Internal Server Error\.$/);
      assert.doesNotMatch(error.message, /did not take an image/);
    },
  );
}

test(
  'openai: a server that says the model takes no images is still reported so, whatever the status',
  limit,
  async (t) => {
    // llama-server without a projector answers 500; vLLM answers 400.
    const refusals = [
      {
        status: 500,
        message: 'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj',
      },
      { status: 400, message: 'm is not a multimodal model None' },
    ];
    for (const refusal of refusals) {
      const server = await rawServer((request: IncomingMessage, response: ServerResponse) => {
        request.resume();
        request.on('end', () => {
          response.writeHead(request.method === 'GET' ? 200 : refusal.status, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify(
              request.method === 'GET'
                ? { data: [{ id: 'm' }] }
                : { error: { code: refusal.status, message: refusal.message, type: 'server_error' } },
            ),
          );
        });
      });
      t.after(() => server.close());
      const report = await backendFor({ baseUrl: `${server.url}/v1` }, 'openai', { model: 'm' }).checkConnection();
      assert.equal(report.problem?.code, 'remote-no-vision', report.summary);
      assert.equal(report.acceptsImages, false);
      assert.match(report.summary, /"m" on the server at 127\.0\.0\.1:\d+ did not take an image\./);
      assert.ok(report.summary.includes(`(HTTP ${refusal.status}): ${refusal.message}`), report.summary);
      assert.match(report.summary, /Pick a model that reads images\.$/);
    }
  },
);

test(
  'ollama: a model that cannot take the image (HTTP 500 with Ollama’s words) is reported as such',
  limit,
  async (t) => {
    const server = await failingServer(
      500,
      JSON.stringify({
        error:
          'Failed to create new sequence: failed to process inputs: this model is missing data required for image input',
      }),
      'application/json',
    );
    t.after(() => server.close());
    const error = errorOf(await collect(backendFor({ baseUrl: server.url }, 'ollama').ask(ask(question))));
    assert.equal(error.code, 'remote-no-vision');
    assert.match(error.message, /"llava" on Ollama at 127\.0\.0\.1:\d+ did not take an image\./);
    assert.match(
      error.message,
      /\(HTTP 500\): .*missing data required for image input\. Pick a model that reads images\./,
    );
  },
);
