// Any server speaking OpenAI's chat completions (vLLM, llama-server, LM
// Studio, Ollama's /v1, hosted APIs) as an answer backend: the capture as an
// image_url content part of the first user message, the answer streamed as
// server-sent events.
import type { OpenAiBackendSettings } from '../../common/backend-settings.js';
import type { GenerateRequest, Usage } from '../../common/engine-protocol.js';
import { failedReport, okReport, type ConnectionReport } from '../answers/answer-backend.js';
import type { ImagePayload } from './image-payload.js';
import { ChatChunk, chatBody, ModelsReply, probeBody } from './openai-wire.js';
import type { AnswerResult, AnswerWriter } from './remote-answer.js';
import { RemoteBackend, someNames, type RemoteBackendOptions } from './remote-backend.js';
import {
  badStreamFailure,
  capitalise,
  cutFailure,
  RemoteFailure,
  serverMessageFrom,
  streamErrorFailure,
  type ServerIdentity,
} from './remote-error.js';
import { SseParser } from './sse.js';

/** A 32x32 white PNG: the image of the "does it read images?" probe. */
const probeImage: ImagePayload = {
  mime: 'image/png',
  base64:
    'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAMUlEQVRIie3QMQ0AAAjAMPybBgm7+FoDSzb7bASKRcmiZFGyKFmULEoWJYuSRel90QGLVfSmL9cHVAAAAABJRU5ErkJggg==',
};

export class OpenAiBackend extends RemoteBackend {
  readonly kind = 'openai';

  /** A base URL without a path gets the usual /v1: http://127.0.0.1:8080 means http://127.0.0.1:8080/v1. */
  constructor(settings: OpenAiBackendSettings, options: RemoteBackendOptions) {
    const url = new URL(settings.baseUrl);
    super(url.pathname === '/' ? { ...settings, baseUrl: new URL('/v1', url).href } : settings, options);
  }

  protected async answer(
    request: GenerateRequest,
    writer: AnswerWriter,
    apiKey: string | undefined,
  ): Promise<AnswerResult> {
    const { exchange, started } = await this.postChat('/chat/completions', request, writer, apiKey, (turns, image) =>
      chatBody(this.settings.model, turns, image, request.settings),
    );
    const reader = new ChunkReader(this.server, writer, started);
    try {
      // A server that ignored stream:true answers with one JSON body.
      if (/application\/json/i.test(exchange.contentType)) {
        reader.read(JSON.stringify(await exchange.json()));
        return reader.result() ?? throwCut(this.server);
      }
      const parser = new SseParser();
      for await (const line of exchange.lines()) {
        const event = parser.push(line);
        if (event && reader.read(event.data) === 'done') return reader.result() ?? { reason: 'eos' };
      }
      const last = parser.end();
      if (last && reader.read(last.data) === 'done') return reader.result() ?? { reason: 'eos' };
    } finally {
      exchange.close();
    }
    // Some servers close without [DONE] once they sent a finish_reason.
    return reader.result() ?? throwCut(this.server);
  }

  protected async models(apiKey: string | undefined): Promise<string[]> {
    const exchange = await this.exchange({ method: 'GET', path: '/models', request: 'models' }, apiKey);
    const reply = ModelsReply.safeParse(await exchange.json());
    if (!reply.success) throw badStreamFailure(this.server, 'a model list without models');
    return reply.data.data.map((model) => model.id);
  }

  protected async check(apiKey: string | undefined): Promise<ConnectionReport> {
    const { model, label } = this.server;
    const notes: string[] = [];
    let models: string[] | undefined;
    try {
      models = await this.models(apiKey);
    } catch (error) {
      // Listing is optional in practice: the question itself is what matters.
      if (!(error instanceof RemoteFailure) || error.code !== 'remote-error') throw error;
      notes.push(`${capitalise(label)} does not list its models.`);
    }
    if (models && !models.includes(model)) {
      return failedReport(
        {
          code: 'remote-model-missing',
          message:
            `${capitalise(label)} has no model "${model}"` +
            (models.length ? `; it offers ${someNames(models)}.` : ' and lists no models.'),
        },
        { reachable: true, modelPresent: false, models, notes },
      );
    }
    // No field of this API says whether a model reads images: ask it a one-token question about one.
    try {
      const exchange = await this.exchange(
        { method: 'POST', path: '/chat/completions', body: probeBody(model, probeImage), request: 'probe' },
        apiKey,
      );
      await exchange.json();
    } catch (error) {
      // Only the server's own words say the image was refused (image-refusal.ts);
      // any other failure, a 500 included, is reported as what it is.
      if (!(error instanceof RemoteFailure) || error.code !== 'remote-no-vision') throw error;
      return failedReport(
        { code: 'remote-no-vision', message: error.message },
        {
          reachable: true,
          modelPresent: models ? true : undefined,
          acceptsImages: false,
          ...(models ? { models } : {}),
          notes,
        },
      );
    }
    return okReport(`${capitalise(label)} answers with "${model}", which reads images.`, {
      modelPresent: models ? true : undefined,
      acceptsImages: true,
      models,
      notes,
    });
  }
}

/** Reads chat-completion chunks (one per SSE event) into the answer. */
class ChunkReader {
  private finishReason: string | undefined;
  private usage: Usage | undefined;
  private firstTokenAt: number | undefined;

  constructor(
    private readonly server: ServerIdentity,
    private readonly writer: AnswerWriter,
    private readonly started: number,
  ) {}

  /** 'done' for the [DONE] sentinel. */
  read(data: string): 'done' | undefined {
    if (data.trim() === '[DONE]') return 'done';
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      throw badStreamFailure(this.server, `an event that is not JSON: "${data.slice(0, 80)}"`);
    }
    const parsed = ChatChunk.safeParse(json);
    if (!parsed.success) throw badStreamFailure(this.server, 'an event that is not a chat completion chunk');
    const chunk = parsed.data;
    if (chunk.error !== undefined) {
      throw streamErrorFailure(this.server, serverMessageFrom(JSON.stringify(chunk), null) ?? 'no details');
    }
    const choice = chunk.choices?.[0];
    const text = choice?.delta?.content ?? choice?.message?.content;
    if (text) {
      this.firstTokenAt ??= Date.now();
      this.writer.phase('decoding');
      this.writer.delta(text);
    }
    if (choice?.finish_reason) this.finishReason = choice.finish_reason;
    if (chunk.usage) {
      const now = Date.now();
      this.usage = {
        promptTokens: chunk.usage.prompt_tokens ?? 0,
        imageTokens: 0,
        cachedTokens: 0,
        completionTokens: chunk.usage.completion_tokens ?? 0,
        timeToFirstTokenMs: (this.firstTokenAt ?? now) - this.started,
        totalMs: now - this.started,
      };
    }
    return undefined;
  }

  /** The answer's end, once the server has said why it ended. */
  result(): AnswerResult | undefined {
    if (!this.finishReason) return undefined;
    return { reason: this.finishReason === 'length' ? 'length' : 'eos', ...(this.usage ? { usage: this.usage } : {}) };
  }
}

function throwCut(server: ServerIdentity): never {
  throw cutFailure(server);
}
