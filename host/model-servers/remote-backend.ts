// What the Ollama and OpenAI-compatible backends share: their settings, the
// capture's payload, the API key (read from the secret store for each
// request and scrubbed from every message), one AnswerStream per question,
// and the shape of a connection report.
import { defaultMaxImageSide, type RemoteBackendSettings } from '../../common/backend-settings.js';
import { toEngineError } from '../../common/coded-error.js';
import { GenerateRequest, type EngineError, type AnswerRequest } from '../../common/engine-protocol.js';
import { describeIssues } from '../../common/schema.js';
import type { AnswerStream } from '../engine-host/answer.js';
import { failedReport, type AnswerBackend, type ConnectionReport } from '../answers/answer-backend.js';
import { mapTurns, type MappedTurn } from './conversation.js';
import { ImagePayloads, type ImagePayload, type PrepareImage } from './image-payload.js';
import { answerFailed, RemoteAnswer, type AnswerResult, type AnswerWriter } from './remote-answer.js';
import { redact, RemoteFailure, serverLabel, type ServerIdentity } from './remote-error.js';
import { openExchange, type Exchange, type ExchangeOptions, type FetchLike } from './remote-http.js';
import { serverTimeouts, type ServerTimeouts, type TimeoutAdvice } from './server-timeouts.js';
import { messageOf } from '../../common/message-of.js';

export interface RemoteBackendOptions {
  /** Scales a capture down for the server: in the app through the engine, elsewhere sharp directly. */
  prepareImage: PrepareImage;
  /**
   * The API key, read from the secret store for each request (so a key
   * changed in Settings applies at once); absent when the settings name none.
   */
  apiKey?: () => Promise<string | undefined>;
  fetch?: FetchLike;
  /** How a timeout's message says to wait longer; the app's Settings unless given (the CLI names its flags). */
  timeoutAdvice?: TimeoutAdvice;
}

type Call = Pick<ExchangeOptions, 'method' | 'body' | 'request' | 'signal'> & { path: string };

export abstract class RemoteBackend implements AnswerBackend {
  abstract readonly kind: 'ollama' | 'openai';
  protected readonly server: ServerIdentity;
  protected readonly baseUrl: URL;
  protected readonly images: ImagePayloads;
  private readonly timeouts: ServerTimeouts;
  private nextId = 1;
  private readonly running = new Set<RemoteAnswer>();

  constructor(
    protected readonly settings: RemoteBackendSettings,
    private readonly options: RemoteBackendOptions,
  ) {
    this.baseUrl = new URL(settings.baseUrl);
    this.server = { kind: settings.kind, label: serverLabel(settings.kind, this.baseUrl), model: settings.model };
    this.timeouts = serverTimeouts(settings, options.timeoutAdvice);
    this.images = new ImagePayloads(
      options.prepareImage,
      settings.maxImageSide ?? defaultMaxImageSide,
      settings.allowJpeg ?? false,
    );
  }

  ask(request: AnswerRequest): AnswerStream {
    const parsed = GenerateRequest.safeParse({ ...request, type: 'generate' });
    const answer = new RemoteAnswer(
      this.nextId++,
      (writer) =>
        this.withKey(async (apiKey) => {
          if (!parsed.success) {
            throw new RemoteFailure('bad-request', `The question is malformed: ${describeIssues(parsed.error)}`);
          }
          return this.answer(parsed.data, writer, apiKey);
        }),
      () => this.running.delete(answer),
    );
    this.running.add(answer);
    return answer;
  }

  async checkConnection(): Promise<ConnectionReport> {
    try {
      return await this.withKey((apiKey) => this.check(apiKey));
    } catch (error) {
      const problem = toEngineError(error, answerFailed);
      return failedReport(problem, { reachable: !cannotReach(problem) });
    }
  }

  listModels(): Promise<string[]> {
    return this.withKey((apiKey) => this.models(apiKey));
  }

  dispose(): void {
    for (const answer of [...this.running]) answer.stop();
  }

  protected abstract answer(
    request: GenerateRequest,
    writer: AnswerWriter,
    apiKey: string | undefined,
  ): Promise<AnswerResult>;
  protected abstract check(apiKey: string | undefined): Promise<ConnectionReport>;
  protected abstract models(apiKey: string | undefined): Promise<string[]>;

  /** The endpoint at `path` below the base URL (whose own path is kept: https://host/api/v1 + /models). */
  protected endpoint(path: string): URL {
    const url = new URL(this.baseUrl.href);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
    return url;
  }

  protected exchange(call: Call, apiKey: string | undefined): Promise<Exchange> {
    return openExchange({
      ...call,
      url: this.endpoint(call.path),
      server: this.server,
      timeouts: this.timeouts,
      ...(apiKey ? { apiKey } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
  }

  /**
   * Sends the question with its capture to the chat endpoint at `path`: the
   * phases the chat shows while the capture is prepared, then the open
   * stream and when it was asked (for the answer's timings).
   */
  protected async postChat(
    path: string,
    request: GenerateRequest,
    writer: AnswerWriter,
    apiKey: string | undefined,
    body: (turns: MappedTurn[], image: ImagePayload) => unknown,
  ): Promise<{ exchange: Exchange; started: number }> {
    writer.phase('encoding');
    const image = await this.images.get(request.image);
    writer.phase('prefill');
    const started = Date.now();
    const call: Call = {
      method: 'POST',
      path,
      body: body(mapTurns(request.turns, request.imageTurn), image),
      request: 'chat',
      signal: writer.signal,
    };
    return { exchange: await this.exchange(call, apiKey), started };
  }

  /** Runs `work` with the API key, and makes sure no message that comes out of it holds the key. */
  private async withKey<T>(work: (apiKey: string | undefined) => Promise<T>): Promise<T> {
    const apiKey = await this.readKey();
    try {
      return await work(apiKey);
    } catch (error) {
      if (!apiKey) throw error;
      const { code, message } = toEngineError(error, answerFailed);
      // The cause is left behind: it is the server's or the socket's, and could hold the key.
      throw new RemoteFailure(code, redact(message, apiKey));
    }
  }

  private async readKey(): Promise<string | undefined> {
    if (!this.options.apiKey) return undefined;
    let key: string | undefined;
    try {
      key = await this.options.apiKey();
    } catch (error) {
      throw new RemoteFailure(
        'remote-key-unavailable',
        `The API key for ${this.server.label} cannot be read from this computer's secret storage (${messageOf(
          error,
        )}). Enter it again in Settings.`,
      );
    }
    if (!key) {
      throw new RemoteFailure(
        'remote-key-unavailable',
        `No API key is stored for ${this.server.label}. Enter it again in Settings.`,
      );
    }
    return key;
  }
}

/** Codes that mean the server itself was not reached (or did not answer at all). */
function cannotReach(problem: EngineError): boolean {
  return (
    problem.code === 'remote-unreachable' ||
    problem.code === 'remote-timeout' ||
    problem.code === 'remote-key-unavailable'
  );
}

/** "a, b, c and 4 more" for a message. */
export function someNames(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
