// Ollama (https://ollama.com) as an answer backend: /api/chat with the
// capture in the first user message's images, streamed as NDJSON.
import type { GenerateRequest, Usage } from '../../common/engine-protocol.js';
import type { OllamaBackendSettings } from '../../common/backend-settings.js';
import { failedReport, okReport, type ConnectionReport } from '../answers/answer-backend.js';
import { ChatLine, chatBody, readsImages, sameModel, ShowReply, TagsReply } from './ollama-wire.js';
import type { AnswerResult, AnswerWriter } from './remote-answer.js';
import { RemoteBackend, someNames, type RemoteBackendOptions } from './remote-backend.js';
import { badStreamFailure, capitalise, cutFailure, streamErrorFailure, type ServerIdentity } from './remote-error.js';

export class OllamaBackend extends RemoteBackend {
  readonly kind = 'ollama';

  constructor(settings: OllamaBackendSettings, options: RemoteBackendOptions) {
    super(settings, options);
  }

  protected async answer(
    request: GenerateRequest,
    writer: AnswerWriter,
    apiKey: string | undefined,
  ): Promise<AnswerResult> {
    const { exchange, started } = await this.postChat('/api/chat', request, writer, apiKey, (turns, image) =>
      chatBody(this.settings.model, turns, image, request.settings),
    );
    let firstTokenAt: number | undefined;
    try {
      for await (const line of exchange.lines()) {
        if (!line.trim()) continue;
        const chunk = parseLine(line, this.server);
        if (chunk.error) throw streamErrorFailure(this.server, chunk.error);
        const text = chunk.message?.content;
        if (text) {
          firstTokenAt ??= Date.now();
          writer.phase('decoding');
          writer.delta(text);
        }
        if (chunk.done) {
          return {
            reason: chunk.done_reason === 'length' ? 'length' : 'eos',
            ...usageOf(chunk, started, firstTokenAt),
          };
        }
      }
    } finally {
      exchange.close();
    }
    throw cutFailure(this.server);
  }

  protected async models(apiKey: string | undefined): Promise<string[]> {
    const exchange = await this.exchange({ method: 'GET', path: '/api/tags', request: 'models' }, apiKey);
    const reply = TagsReply.safeParse(await exchange.json());
    if (!reply.success) throw badStreamFailure(this.server, 'a model list without models');
    return reply.data.models.map((model) => model.name ?? model.model ?? '').filter((name) => name !== '');
  }

  protected async check(apiKey: string | undefined): Promise<ConnectionReport> {
    const models = await this.models(apiKey);
    const { model, label } = this.server;
    const present = models.some((name) => sameModel(name, model));
    if (!present) {
      return failedReport(
        {
          code: 'remote-model-missing',
          message:
            `${capitalise(label)} has no model "${model}". Pull it (ollama pull ${model})` +
            (models.length ? ` or pick one of its models: ${someNames(models)}.` : '; it has no models yet.'),
        },
        { reachable: true, modelPresent: false, models },
      );
    }
    const exchange = await this.exchange(
      { method: 'POST', path: '/api/show', body: { model }, request: 'show' },
      apiKey,
    );
    const show = ShowReply.safeParse(await exchange.json());
    const vision = show.success ? readsImages(show.data) : undefined;
    if (vision === false) {
      const capabilities = show.success ? (show.data.capabilities ?? []).join(', ') : '';
      return failedReport(
        {
          code: 'remote-no-vision',
          message:
            `"${model}" on ${label} does not read images${capabilities ? ` (it can do: ${capabilities})` : ''}. ` +
            'Pick a vision model, such as qwen2.5vl, gemma3 or llava.',
        },
        { reachable: true, modelPresent: true, acceptsImages: false, models },
      );
    }
    return okReport(
      vision
        ? `${capitalise(label)} answers with "${model}", which reads images.`
        : `${capitalise(label)} answers with "${model}".`,
      {
        modelPresent: true,
        acceptsImages: vision,
        models,
        notes: vision
          ? []
          : [
              `This Ollama does not say whether "${model}" reads images; if answers ignore the capture, pick a vision model.`,
            ],
      },
    );
  }
}

function parseLine(line: string, server: ServerIdentity): ChatLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw badStreamFailure(server, `a line that is not JSON: "${line.slice(0, 80)}"`);
  }
  const parsed = ChatLine.safeParse(json);
  if (!parsed.success) throw badStreamFailure(server, 'a line that is not an Ollama chat message');
  return parsed.data;
}

/** Ollama counts tokens; it does not say how many were the image's, nor reuse a cache across requests. */
function usageOf(chunk: ChatLine, started: number, firstTokenAt: number | undefined): { usage?: Usage } {
  if (chunk.prompt_eval_count === undefined && chunk.eval_count === undefined) return {};
  const now = Date.now();
  return {
    usage: {
      promptTokens: chunk.prompt_eval_count ?? 0,
      imageTokens: 0,
      cachedTokens: 0,
      completionTokens: chunk.eval_count ?? 0,
      timeToFirstTokenMs: (firstTokenAt ?? now) - started,
      totalMs: now - started,
    },
  };
}
