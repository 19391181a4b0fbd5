// One HTTP exchange with a model server, with the failures sorted out: no
// connection, an HTTP error (with the server's message), a redirect (refused:
// the capture would go somewhere the privacy line does not name, and the key
// with it), a server that never answers, one that goes silent mid-stream, a
// connection cut mid-stream. Neither timeout is a total (server-timeouts.ts):
// the first-byte one runs until the response starts, the idle one between two
// pieces of the body, so a long answer that keeps streaming is never cut off.
// The caller's stop aborts at any point, the wait for the first byte included.
import {
  badStreamFailure,
  capitalise,
  connectFailure,
  cutFailure,
  RemoteFailure,
  serverMessageFrom,
  statusFailure,
  timeoutFailure,
  type ServerIdentity,
  type StatusContext,
} from './remote-error.js';
import type { ServerTimeouts } from './server-timeouts.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ExchangeOptions {
  server: ServerIdentity;
  timeouts: ServerTimeouts;
  method: 'GET' | 'POST';
  url: URL;
  /** Serialised as JSON. */
  body?: unknown;
  apiKey?: string;
  request: StatusContext['request'];
  /** The caller's stop. */
  signal?: AbortSignal;
  fetch?: FetchLike;
}

export interface Exchange {
  readonly contentType: string;
  /** The body's lines, without line ends; each piece that arrives restarts the idle timeout. */
  lines(): AsyncGenerator<string>;
  /** The whole body, parsed as JSON. */
  json(): Promise<unknown>;
  /** Lets go of the connection (aborts it if the body was not read to the end). */
  close(): void;
}

/** Thrown when the caller stopped; the answer has already ended as stopped, so nobody shows it. */
export class StoppedByCaller extends Error {
  constructor() {
    super('Stopped.');
    this.name = 'StoppedByCaller';
  }
}

/** One line longer than this is not a chat stream. */
const maxLineChars = 8 * 1024 * 1024;
/** Error bodies are read this far for the server's message. */
const maxErrorBodyBytes = 64 * 1024;
const maxJsonBodyBytes = 16 * 1024 * 1024;

export async function openExchange(options: ExchangeOptions): Promise<Exchange> {
  const { server, timeouts } = options;
  const controller = new AbortController();
  const timedOut = new Error('timed out');
  let bodyStarted = false;
  let waitingFor: 'first-byte' | 'idle' = 'first-byte';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (limit: 'first-byte' | 'idle') => {
    clearTimeout(timer);
    waitingFor = limit;
    const ms = limit === 'first-byte' ? timeouts.firstByte.ms : timeouts.idle.ms;
    timer = setTimeout(() => controller.abort(timedOut), ms);
  };
  const disarm = () => clearTimeout(timer);
  const onStop = () => controller.abort(new StoppedByCaller());
  if (options.signal?.aborted) throw new StoppedByCaller();
  options.signal?.addEventListener('abort', onStop, { once: true });
  const release = () => {
    disarm();
    options.signal?.removeEventListener('abort', onStop);
  };

  /** What a failed read or fetch means, given who aborted it. */
  const classify = (error: unknown, phase: 'connect' | 'body'): Error => {
    if (options.signal?.aborted) return new StoppedByCaller();
    if (controller.signal.reason === timedOut) {
      const limit = waitingFor === 'first-byte' ? timeouts.firstByte : timeouts.idle;
      return timeoutFailure(server, waitingFor, limit, bodyStarted);
    }
    if (error instanceof RemoteFailure) return error;
    return phase === 'connect' ? connectFailure(error, server) : cutFailure(server, error);
  };

  const headers: Record<string, string> = { accept: 'application/json, application/x-ndjson, text/event-stream' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  // The key goes in this header and nowhere else: never in the URL, a body or a message.
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  arm('first-byte');
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(options.url.href, {
      method: options.method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: controller.signal,
      redirect: 'manual',
    });
  } catch (error) {
    release();
    throw classify(error, 'connect');
  }
  // The status line and headers came: from here on, the idle timeout.
  arm('idle');

  const readText = async (limit: number): Promise<string> => {
    const chunks: string[] = [];
    let size = 0;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of bodyOf(response)) {
        arm('idle');
        bodyStarted = true;
        size += chunk.byteLength;
        chunks.push(decoder.decode(chunk, { stream: true }));
        if (size > limit) break;
      }
      chunks.push(decoder.decode());
    } catch (error) {
      throw classify(error, 'body');
    } finally {
      release();
    }
    return chunks.join('');
  };

  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    controller.abort();
    release();
    throw new RemoteFailure(
      'remote-error',
      `${capitalise(server.label)} redirects (HTTP ${response.status})${
        location ? ` to ${safeLocation(location, options.url)}` : ''
      }. Sightline does not follow redirects: put the final address in Settings as the base URL.`,
    );
  }
  if (!response.ok) {
    let text = '';
    try {
      text = await readText(maxErrorBodyBytes);
    } catch (error) {
      if (error instanceof StoppedByCaller) throw error;
      // The status says enough without the body.
    }
    controller.abort();
    throw statusFailure(response.status, serverMessageFrom(text, response.headers.get('content-type')), {
      server,
      request: options.request,
      withKey: !!options.apiKey,
    });
  }

  return {
    contentType: response.headers.get('content-type') ?? '',
    async *lines() {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of bodyOf(response)) {
          arm('idle');
          bodyStarted = true;
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, end);
            buffer = buffer.slice(end + 1);
            yield line.endsWith('\r') ? line.slice(0, -1) : line;
          }
          if (buffer.length > maxLineChars) throw badStreamFailure(server, 'a line of more than 8 MB');
        }
        buffer += decoder.decode();
      } catch (error) {
        throw classify(error, 'body');
      } finally {
        release();
      }
      if (buffer) yield buffer.endsWith('\r') ? buffer.slice(0, -1) : buffer;
    },
    async json() {
      const text = await readText(maxJsonBodyBytes);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw badStreamFailure(server, 'a reply that is not JSON');
      }
    },
    close() {
      release();
      controller.abort();
    },
  };
}

async function* bodyOf(response: Response): AsyncGenerator<Uint8Array> {
  if (!response.body) return;
  // Node's ReadableStream is async-iterable; leaving the loop early cancels it.
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) yield chunk;
}

/** A redirect target without any credentials or query it may carry. */
function safeLocation(location: string, base: URL): string {
  try {
    const url = new URL(location, base);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'another address';
  }
}
