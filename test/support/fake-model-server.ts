// Model servers on 127.0.0.1 for the remote backends' tests, speaking each
// protocol as documented, and failing on demand:
//   Ollama:  GET /api/tags, POST /api/show, POST /api/chat (NDJSON stream)
//   OpenAI:  GET /v1/models, POST /v1/chat/completions (SSE stream, or one
//            JSON body for stream:false)
// The answer is `tokens`, one write per token, `stepMs` apart, so a test can
// tell whether deltas arrive before the server is done. Every request is
// logged: method, path, headers, body, and when its connection closed.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export type Protocol = 'ollama' | 'openai';

export interface Faults {
  /** Answer the chat request with this status and body. */
  status?: { code: number; body: string; contentType?: string };
  /** Destroy the socket after this many tokens of the stream. */
  cutAfter?: number;
  /** Send a line that is not the protocol after this many tokens. */
  malformedAfter?: number;
  /** Accept the chat request and never answer it. */
  silent?: boolean;
  /** OpenAI: end with finish_reason but without data: [DONE]. */
  noDone?: boolean;
  /** OpenAI: answer as one JSON body, as a server that ignores stream:true. */
  ignoreStream?: boolean;
  /** OpenAI: GET /v1/models answers 404. */
  noModelList?: boolean;
}

export interface FakeServerOptions {
  protocol: Protocol;
  models?: string[];
  /** Models that read images (default: all of `models`). */
  visionModels?: string[];
  /** Ollama: leave `capabilities` out of /api/show, as Ollama before 0.6 did. */
  oldOllama?: boolean;
  tokens?: string[];
  stepMs?: number;
  /** Requests without "Authorization: Bearer <key>" get 401 (echoing the key they sent, as some servers do). */
  requireKey?: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
  /** When the response's connection closed, and whether the response had been sent whole by then. */
  closedAt?: number;
  completed?: boolean;
  tokensSent: number;
}

export interface FakeServer {
  url: string;
  /** Base URL as the backend settings take it: the root for Ollama, /v1 for OpenAI. */
  baseUrl: string;
  faults: Faults;
  requests: LoggedRequest[];
  chatRequests(): LoggedRequest[];
  /** Resolves when a chat request's connection closes. */
  closed(request: LoggedRequest): Promise<void>;
  close(): Promise<void>;
}

export const defaultTokens = ['The ', 'dialog ', 'says ', 'the ', 'file ', 'is ', 'missing.'];

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const models = options.models ?? ['llava:latest'];
  const vision = options.visionModels ?? models;
  const tokens = options.tokens ?? defaultTokens;
  const stepMs = options.stepMs ?? 15;
  const faults: Faults = {};
  const requests: LoggedRequest[] = [];
  const closeWaiters = new Map<LoggedRequest, Array<() => void>>();
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        body = undefined;
      }
      const logged: LoggedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody,
        body,
        tokensSent: 0,
      };
      requests.push(logged);
      res.on('close', () => {
        logged.closedAt = Date.now();
        logged.completed = res.writableFinished;
        for (const wake of closeWaiters.get(logged) ?? []) wake();
      });
      void handle(logged, res).catch(() => res.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const json = (res: http.ServerResponse, code: number, value: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };

  async function handle(request: LoggedRequest, res: http.ServerResponse): Promise<void> {
    if (options.requireKey && request.headers.authorization !== `Bearer ${options.requireKey}`) {
      const sent = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      return json(res, 401, {
        error: { message: `Incorrect API key provided: ${sent}.`, type: 'invalid_request_error' },
      });
    }
    const route = `${request.method} ${request.path}`;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (options.protocol === 'ollama') {
      if (route === 'GET /api/tags') return json(res, 200, { models: models.map((name) => ({ name, model: name })) });
      if (route === 'POST /api/show') {
        const name = fullName(String(body.model));
        if (!models.includes(name)) return json(res, 404, { error: `model '${String(body.model)}' not found` });
        const reads = vision.includes(name);
        return json(res, 200, {
          details: { families: reads ? ['llama', 'clip'] : ['llama'] },
          ...(options.oldOllama ? {} : { capabilities: reads ? ['completion', 'vision'] : ['completion', 'tools'] }),
        });
      }
      if (route === 'POST /api/chat') return ollamaChat(request, body, res);
    } else {
      if (route === 'GET /v1/models') {
        if (faults.noModelList) return json(res, 404, { error: { message: 'Not found' } });
        return json(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model' })) });
      }
      if (route === 'POST /v1/chat/completions') return openAiChat(request, body, res);
    }
    json(res, 404, { error: `no route ${route}` });
  }

  /** Common faults of the chat request; true when one answered it. */
  function chatFault(res: http.ServerResponse): boolean {
    if (faults.silent) return true; // the response is never written
    if (faults.status) {
      res.writeHead(faults.status.code, { 'content-type': faults.status.contentType ?? 'application/json' });
      res.end(faults.status.body);
      return true;
    }
    return false;
  }

  async function streamTokens(
    request: LoggedRequest,
    res: http.ServerResponse,
    line: (token: string) => string,
    malformed: string,
  ): Promise<boolean> {
    for (const [index, token] of tokens.entries()) {
      if (res.destroyed) return false;
      if (faults.cutAfter === index) {
        res.socket?.destroy();
        return false;
      }
      if (faults.malformedAfter === index) {
        res.write(malformed);
        res.end();
        return false;
      }
      res.write(line(token));
      request.tokensSent++;
      await sleep(stepMs);
    }
    return !res.destroyed;
  }

  async function ollamaChat(request: LoggedRequest, body: Record<string, unknown>, res: http.ServerResponse) {
    if (!models.includes(fullName(String(body.model)))) {
      return json(res, 404, { error: `model "${String(body.model)}" not found, try pulling it first` });
    }
    if (chatFault(res)) return;
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const at = () => new Date().toISOString();
    const whole = await streamTokens(
      request,
      res,
      (token) =>
        `${JSON.stringify({ model: body.model, created_at: at(), message: { role: 'assistant', content: token }, done: false })}\n`,
      '{"model": "llava", "message": {"content": "oops"\n',
    );
    if (!whole) return;
    res.end(
      `${JSON.stringify({
        model: body.model,
        created_at: at(),
        message: { role: 'assistant', content: '' },
        done: true,
        done_reason: 'stop',
        prompt_eval_count: 42,
        eval_count: tokens.length,
      })}\n`,
    );
  }

  async function openAiChat(request: LoggedRequest, body: Record<string, unknown>, res: http.ServerResponse) {
    const model = String(body.model);
    if (!models.includes(model)) {
      return json(res, 404, {
        error: {
          message: `The model \`${model}\` does not exist.`,
          type: 'invalid_request_error',
          code: 'model_not_found',
        },
      });
    }
    const hasImage = JSON.stringify(body.messages ?? []).includes('"image_url"');
    if (hasImage && !vision.includes(model)) {
      return json(res, 400, { error: { message: 'image input is not supported by this model', code: 400 } });
    }
    if (body.stream !== true) {
      return json(res, 200, {
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Yes' }, finish_reason: 'length' }],
      });
    }
    if (chatFault(res)) return;
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      JSON.stringify({ object: 'chat.completion.chunk', model, choices: [{ index: 0, delta, finish_reason: finish }] });
    if (faults.ignoreStream) {
      return json(res, 200, {
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: tokens.join('') }, finish_reason: 'stop' }],
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(`: keep-alive comment\n\ndata: ${chunk({ role: 'assistant', content: '' }, null)}\n\n`);
    const whole = await streamTokens(
      request,
      res,
      (token) => `data: ${chunk({ content: token }, null)}\n\n`,
      'data: {"choices": [{"delta": {"content": "oo\n\n',
    );
    if (!whole) return;
    res.write(`data: ${chunk({}, 'stop')}\n\n`);
    res.end(faults.noDone ? '' : 'data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const isChat = (request: LoggedRequest) => /\/(api\/chat|chat\/completions)$/.test(request.path);
  return {
    url,
    baseUrl: options.protocol === 'ollama' ? url : `${url}/v1`,
    faults,
    requests,
    chatRequests: () => requests.filter(isChat),
    closed(request) {
      if (request.closedAt !== undefined) return Promise.resolve();
      return new Promise((resolve) => closeWaiters.set(request, [...(closeWaiters.get(request) ?? []), resolve]));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function fullName(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** A bare server on 127.0.0.1 for one odd behaviour; returns its URL and how to close it. */
export async function rawServer(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
