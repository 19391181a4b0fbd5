// Failures talking to a model server, each turned into a code the UI can act
// on and a sentence that says what happened and what to do. Where the server
// explains itself (an error body, an error line in the stream) its own words
// are shown: "model 'llava' not found, try pulling it first" says more than
// any status code.
import { CodedError } from '../../common/coded-error.js';
import type { EngineErrorCode } from '../../common/engine-protocol.js';
import { errnoCode } from '../../common/errno-code.js';
import { refusesImages } from './image-refusal.js';
import type { ServerLimit } from './server-timeouts.js';
import { messageOf } from '../../common/message-of.js';

/** A CodedError from a model server; it keeps the HTTP status where the server answered with one. */
export class RemoteFailure extends CodedError {
  /** The HTTP status, for a failure the server answered with one. */
  status: number | undefined;

  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(code, message, options);
    this.name = 'RemoteFailure';
    this.status = options?.status;
  }
}

/** Who the messages talk about: "Ollama at 127.0.0.1:11434", "the server at api.example.com". */
export interface ServerIdentity {
  kind: 'ollama' | 'openai';
  label: string;
  /** The model named in Settings. */
  model: string;
}

export function serverLabel(kind: 'ollama' | 'openai', baseUrl: URL): string {
  return kind === 'ollama' ? `Ollama at ${baseUrl.host}` : `the server at ${baseUrl.host}`;
}

const tlsCodes = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/;

/** A request that failed before any response: nothing listens, no such host, TLS refused. */
export function connectFailure(error: unknown, server: ServerIdentity): RemoteFailure {
  const code = errnoCode(error);
  const where = capitalise(server.label);
  const hint =
    server.kind === 'ollama'
      ? ' Is Ollama running (ollama serve), and is the base URL in Settings right?'
      : ' Is the server running, and is the base URL in Settings right?';
  let message: string;
  if (code === 'ECONNREFUSED') message = `${where} refused the connection: nothing is listening there.${hint}`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    message = `${where} cannot be found: the host name does not resolve (${code}). Check the base URL in Settings and your network.`;
  else if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO')
    message = `${where} does not speak https (${code}). Try http:// in the base URL.`;
  else if (code && tlsCodes.test(code))
    message = `${where} did not present a certificate this computer trusts (${code}). Check the base URL (http or https?) or the server's certificate.`;
  else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    message = `${where} closed the connection before answering (${code}).${hint}`;
  else message = `${where} cannot be reached (${code ?? messageOf(error)}).${hint}`;
  return new RemoteFailure('remote-unreachable', message, { cause: error });
}

/**
 * A limit ran out (server-timeouts.ts): the first-byte one before the
 * response started, the idle one after; `midStream` once part of the body
 * had come. Each message names the limit and what to do.
 */
export function timeoutFailure(
  server: ServerIdentity,
  which: 'first-byte' | 'idle',
  limit: ServerLimit,
  midStream: boolean,
): RemoteFailure {
  const where = capitalise(server.label);
  const time = seconds(limit.ms);
  let message: string;
  if (which === 'first-byte')
    message = `${where} did not start answering within ${time} (the first-byte timeout). It may be busy or still loading the model: ask again in a moment, or ${limit.advice}.`;
  else if (midStream)
    message = `${where} stopped sending in the middle of the answer and was silent for ${time} (the idle timeout). Your conversation is kept — ask again, or ${limit.advice}.`;
  else
    message = `${where} started its answer, then sent nothing for ${time} (the idle timeout). It may be busy with other questions: ask again, or ${limit.advice}.`;
  return new RemoteFailure('remote-timeout', message);
}

export function cutFailure(server: ServerIdentity, error?: unknown): RemoteFailure {
  return new RemoteFailure(
    'remote-bad-stream',
    `The connection to ${server.label} broke in the middle of the answer. Your conversation is kept — ask again.`,
    { cause: error },
  );
}

export function badStreamFailure(server: ServerIdentity, what: string): RemoteFailure {
  return new RemoteFailure(
    'remote-bad-stream',
    `${capitalise(server.label)} sent an answer Sightline cannot read (${what}). Is the backend kind in Settings right for this server?`,
  );
}

/** An error the server reported inside a stream that had started well. */
export function streamErrorFailure(server: ServerIdentity, message: string): RemoteFailure {
  return new RemoteFailure('remote-error', `${capitalise(server.label)} stopped with an error: ${message}`);
}

export interface StatusContext {
  server: ServerIdentity;
  /** What was asked: the answer, the model list, the model's details. */
  request: 'chat' | 'models' | 'show' | 'probe';
  /** Whether an API key was sent. */
  withKey: boolean;
}

/** An HTTP error status, with the server's own message where it sent one. */
export function statusFailure(
  status: number,
  serverMessage: string | undefined,
  context: StatusContext,
): RemoteFailure {
  const failure = describeStatus(status, serverMessage, context);
  failure.status = status;
  return failure;
}

function describeStatus(status: number, serverMessage: string | undefined, context: StatusContext): RemoteFailure {
  const { server } = context;
  const where = capitalise(server.label);
  const said = serverMessage ? `: ${withStop(serverMessage)}` : '.';
  if (status === 401 || status === 403) {
    const todo = context.withKey
      ? ' Check the API key in Settings.'
      : ' This server may need an API key: add one in Settings.';
    return new RemoteFailure('remote-refused', `${where} refused the request (HTTP ${status})${said}${todo}`);
  }
  // Servers refuse an image for a text-only model with 400, 422 or even 500
  // (llama-server, Ollama): only their words tell it from any other failure.
  if ((context.request === 'chat' || context.request === 'probe') && refusesImages(serverMessage)) {
    return new RemoteFailure(
      'remote-no-vision',
      `"${server.model}" on ${server.label} did not take an image. ${where} said (HTTP ${status})${said} Pick a model that reads images.`,
    );
  }
  if (status === 404) {
    if (looksLikeMissingModel(serverMessage, server.model) || context.request === 'show') {
      const todo = server.kind === 'ollama' ? ` Pull it (ollama pull ${server.model}) or pick another model.` : '';
      return new RemoteFailure(
        'remote-model-missing',
        `${where} has no model "${server.model}" (HTTP 404)${said}${todo}`,
      );
    }
    return new RemoteFailure(
      'remote-error',
      `${where} has no such endpoint (HTTP 404)${said} Check the base URL in Settings${
        server.kind === 'openai' ? ' (OpenAI-compatible servers usually end in /v1)' : ''
      }.`,
    );
  }
  if (status === 408 || status === 504 || status === 524) {
    return new RemoteFailure('remote-timeout', `${where} gave up waiting (HTTP ${status})${said} Ask again.`);
  }
  if (status === 413) {
    return new RemoteFailure(
      'remote-error',
      `${where} refused the capture as too large (HTTP 413)${said} Lower the image size limit in Settings.`,
    );
  }
  if (status === 429) {
    return new RemoteFailure(
      'remote-error',
      `${where} is busy or over its rate limit (HTTP 429)${said} Ask again later.`,
    );
  }
  if (status >= 500) return new RemoteFailure('remote-error', `${where} failed (HTTP ${status})${said}`);
  return new RemoteFailure('remote-error', `${where} rejected the request (HTTP ${status})${said}`);
}

const maxServerMessage = 500;

/**
 * The message in an error body: OpenAI's {error:{message}}, Ollama's
 * {error:"..."}, vLLM's {message}, FastAPI's {detail}, or plain text; its
 * first line only, as the rest is often a stack trace. An HTML error page
 * says nothing useful and is not shown.
 */
export function serverMessageFrom(body: string, contentType: string | null): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  try {
    const found = messageIn(JSON.parse(text) as unknown);
    if (found) return clip(firstLine(found));
  } catch {
    // Not JSON: perhaps plain text.
  }
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html)/i.test(text)) return undefined;
  return clip(firstLine(text));
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
}

function messageIn(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail']) {
    const inner = record[key];
    if (typeof inner === 'string' && inner.trim()) return inner;
    if (inner && typeof inner === 'object') {
      const nested = messageIn(inner);
      if (nested) return nested;
    }
  }
  return undefined;
}

function withStop(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

function looksLikeMissingModel(message: string | undefined, model: string): boolean {
  if (!message) return false;
  return /model/i.test(message) || message.includes(model);
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > maxServerMessage ? `${oneLine.slice(0, maxServerMessage)}…` : oneLine;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function seconds(ms: number): string {
  const value = Math.round(ms / 100) / 10;
  return `${value} second${value === 1 ? '' : 's'}`;
}

/**
 * Removes a secret from text that may be shown or logged: some servers echo
 * the key they rejected in their error message.
 */
export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('[API key]');
}
