// One loaded vision-language model answering questions. transformers.js does
// tokenizing, chat templates, image processing and the generation loop; this
// file runs that loop for one question: it picks the input (a new prompt, or
// a follow-up on the conversation's key/value cache: prompt-builder.ts,
// conversation-memory.ts), checks the context length, streams the text,
// honours a stop between tokens, and reports the answer's usage and timing.
import type { Tensor } from '@huggingface/transformers';
import type {
  AnswerRequest,
  Dtype,
  ExecutionProvider,
  GenerationPhase,
  ImageSource,
  Usage,
} from '../common/engine-protocol.js';
import { CodedError } from '../common/coded-error.js';
import type { ModelFamily } from '../common/model-files.js';
import { ConversationMemory } from './conversation-memory.js';
import { readImageBytes } from './image-input.js';
import type { ModelFolder } from './model-folder.js';
import { contextLengthOf, imageKeyOf, PromptBuilder, visionSpecOf } from './prompt-builder.js';
import { TextDeltaStream } from './text-delta-stream.js';
import { planTiling, type TilingPlan, type VisionSpec } from './tiling-policy.js';
import type { GenerateOutput, Processor, VisionLanguageModel } from './transformers-surface.js';
import { configureOffline } from './offline.js';
import type { StopSignal } from './answer-stop.js';
import { loadTransformers, type TransformersModule } from './native-runtime.js';
import { allowQwenCachedContinuation } from './qwen-cache-shim.js';
import type { OrtLogSeverity } from '../common/native-logging.js';
import { desktopThreading, engineSessionOptions, type SessionThreading } from './session-options.js';

export interface AnswerHooks {
  onPhase(phase: GenerationPhase): void;
  onDelta(text: string): void;
  /** Read between two decode steps: the answer stops once it is interrupted. */
  stop: StopSignal;
}

export interface AnswerResult {
  reason: 'eos' | 'length' | 'stopped';
  text: string;
  usage: Usage;
}

/** What Vlm.prepare cached: the prompt's opening, the image's tokens among them, and how long it took. */
export interface PreparedImage {
  cachedTokens: number;
  imageTokens: number;
  ms: number;
}

/** 'recompute' ignores the cached key/values (same tokens, image encoded again): the reference the cache must match. */
export type CacheMode = 'reuse' | 'recompute';

export class Vlm {
  private readonly memory = new ConversationMemory();
  private readonly prompts: PromptBuilder;

  private constructor(
    readonly folder: ModelFolder,
    readonly provider: ExecutionProvider,
    readonly dtype: Dtype,
    private readonly processor: Processor,
    private readonly model: VisionLanguageModel,
    readonly vision: VisionSpec,
    readonly contextLength: number,
    private readonly runtime: TransformersModule,
  ) {
    this.prompts = new PromptBuilder(processor, model.config, vision);
  }

  get family(): ModelFamily {
    return this.folder.family;
  }

  /**
   * logSeverityLevel: how much onnxruntime logs for this model's sessions
   * (native-logging.ts); threading: its worker threads (session-options.ts).
   */
  static async load(
    folder: ModelFolder,
    provider: ExecutionProvider,
    dtype: Dtype,
    logSeverityLevel: OrtLogSeverity = 3,
    threading: SessionThreading = desktopThreading,
  ): Promise<Vlm> {
    const runtime = await loadTransformers();
    configureOffline(runtime.env);
    const { AutoModelForImageTextToText, AutoProcessor } = runtime;
    const processor = (await AutoProcessor.from_pretrained(folder.dir, {
      local_files_only: true,
    })) as unknown as Processor;
    const model = (await AutoModelForImageTextToText.from_pretrained(folder.dir, {
      device: provider,
      dtype,
      local_files_only: true,
      session_options: engineSessionOptions(logSeverityLevel, threading),
    })) as unknown as VisionLanguageModel;
    if (folder.family === 'qwen2-vl') allowQwenCachedContinuation(model);
    return new Vlm(
      folder,
      provider,
      dtype,
      processor,
      model,
      visionSpecOf(folder.family, processor),
      contextLengthOf(folder.config),
      runtime,
    );
  }

  async dispose(): Promise<void> {
    this.memory.clear();
    await this.model.dispose();
  }

  forget(conversationId: string): void {
    this.memory.forget(conversationId);
  }

  async answer(request: AnswerRequest, hooks: AnswerHooks, cacheMode: CacheMode = 'reuse'): Promise<AnswerResult> {
    const started = performance.now();
    const last = request.turns.at(-1);
    if (!last || last.role !== 'user')
      throw new CodedError('bad-request', 'The conversation must end with a question.');
    const imageTurn = request.imageTurn ?? 0;
    if (request.turns[imageTurn]?.role !== 'user')
      throw new CodedError('bad-request', 'The image must go with a question (imageTurn names a user turn).');
    const bytes = await readImageBytes(request.image);
    const imageKey = imageKeyOf(bytes, imageTurn);

    const previous = this.memory.get(request.conversationId);
    const continuation = previous
      ? (this.prompts.followUpIds(previous, imageKey, request.turns, imageTurn) ??
        this.prompts.firstQuestionIds(previous, imageKey, request.turns))
      : undefined;
    let inputs: Record<string, unknown>;
    let ids: bigint[];
    let plan: TilingPlan;
    let imageTokens: number;
    let imageGridThw: Tensor | undefined;
    let cachedTokens = 0;
    if (previous && continuation && cacheMode === 'reuse') {
      hooks.onPhase('prefill');
      ids = continuation;
      ({ plan, imageTokens, imageGridThw } = previous);
      cachedTokens = previous.cache.get_seq_length();
      inputs = { past_key_values: previous.cache, ...(imageGridThw ? { image_grid_thw: imageGridThw } : {}) };
    } else if (previous && continuation) {
      // Same tokens as the cached path, computed from scratch: the reference.
      hooks.onPhase('encoding');
      ids = continuation;
      ({ plan, imageTokens } = previous);
      const pixels = await this.prompts.pixels(bytes, plan);
      imageGridThw = pixels.image_grid_thw;
      inputs = pixels;
    } else {
      hooks.onPhase('encoding');
      const built = await this.prompts.fresh(bytes, request.turns, imageTurn);
      ({ ids, plan, imageTokens, imageGridThw } = built);
      inputs = built.pixels;
    }
    this.memory.forget(request.conversationId);

    const maxNewTokens = this.fitToContext(ids.length, request.settings.maxNewTokens);
    let firstTokenAt: number | undefined;
    const stream = new TextDeltaStream(
      (pending) => this.processor.tokenizer.decode(pending, { skip_special_tokens: true }),
      (delta) => hooks.onDelta(delta),
    );
    let promptSeen = false;
    const streamer = {
      put: (value: bigint[][]) => {
        // The first put is the prompt itself.
        if (!promptSeen) {
          promptSeen = true;
          return;
        }
        if (firstTokenAt === undefined) {
          firstTokenAt = performance.now();
          hooks.onPhase('decoding');
        }
        const id = value[0]?.[0];
        if (id !== undefined && !this.isEos(id)) stream.push(id);
      },
      end: () => stream.flush(),
    };
    const stopping = new this.runtime.StoppingCriteriaList();
    stopping.push(this.stopCriterion(hooks.stop));
    const { temperature, topP, repetitionPenalty } = request.settings;
    const output = (await this.model.generate({
      ...inputs,
      input_ids: this.int64(ids),
      attention_mask: this.ones(ids.length),
      max_new_tokens: maxNewTokens,
      do_sample: temperature > 0,
      ...(temperature > 0 ? { temperature, top_p: topP } : {}),
      repetition_penalty: repetitionPenalty,
      streamer,
      stopping_criteria: stopping,
      return_dict_in_generate: true,
    })) as GenerateOutput;

    const sequence = (output.sequences.tolist() as bigint[][])[0] ?? [];
    const generated = sequence.slice(ids.length);
    const lastId = generated.at(-1);
    const endedWithEos = lastId !== undefined && this.isEos(lastId);
    const reason = hooks.stop.interrupted ? 'stopped' : endedWithEos ? 'eos' : 'length';
    const text = stream.emitted;
    this.memory.remember(request.conversationId, {
      imageKey,
      turns: [...request.turns, { role: 'assistant', text }],
      ids: sequence,
      endedWithEos,
      cache: output.past_key_values,
      plan,
      imageTokens,
      ...(imageGridThw ? { imageGridThw } : {}),
    });
    const finished = performance.now();
    return {
      reason,
      text,
      usage: {
        promptTokens: ids.length,
        imageTokens,
        cachedTokens,
        completionTokens: generated.length,
        timeToFirstTokenMs: (firstTokenAt ?? finished) - started,
        totalMs: finished - started,
      },
    };
  }

  /**
   * Encodes a capture before its first question: the vision encoder and the
   * prefill of the prompt's opening up to the end of the image, kept as the
   * conversation's cache, which answer() extends with the question's tokens.
   * A capture already cached for the conversation is not encoded again.
   */
  async prepare(conversationId: string, image: ImageSource): Promise<PreparedImage> {
    const started = performance.now();
    const bytes = await readImageBytes(image);
    const imageKey = imageKeyOf(bytes, 0);
    const cached = this.memory.get(conversationId);
    if (cached?.imageKey === imageKey) {
      const ms = performance.now() - started;
      return { cachedTokens: cached.cache.get_seq_length(), imageTokens: cached.imageTokens, ms };
    }
    const prefix = await this.prompts.imagePrefix(bytes);
    // One generated token: generate() runs the prefill and returns its cache.
    const output = (await this.model.generate({
      ...prefix.pixels,
      input_ids: this.int64(prefix.ids),
      attention_mask: this.ones(prefix.ids.length),
      max_new_tokens: 1,
      do_sample: false,
      return_dict_in_generate: true,
    })) as GenerateOutput;
    const cachedTokens = output.past_key_values.get_seq_length();
    if (cachedTokens !== prefix.ids.length) {
      throw new CodedError('internal', `The prepared cache covers ${cachedTokens} tokens, not ${prefix.ids.length}.`);
    }
    this.memory.remember(conversationId, {
      imageKey,
      turns: [],
      ids: prefix.ids,
      endedWithEos: false,
      cache: output.past_key_values,
      plan: prefix.plan,
      imageTokens: prefix.imageTokens,
      ...(prefix.imageGridThw ? { imageGridThw: prefix.imageGridThw } : {}),
      prefixText: prefix.text,
    });
    return { cachedTokens, imageTokens: prefix.imageTokens, ms: performance.now() - started };
  }

  /** Image tokens a region of this size costs under the tiling policy. */
  plan(width: number, height: number): TilingPlan {
    return planTiling({ width, height }, this.vision);
  }

  /** transformers.js's own criterion, interrupted as the signal is, read at each decode step. */
  private stopCriterion(signal: StopSignal) {
    const criterion = new this.runtime.InterruptableStoppingCriteria();
    Object.defineProperty(criterion, 'interrupted', { get: () => signal.interrupted });
    return criterion;
  }

  private int64(values: readonly bigint[]): Tensor {
    return new this.runtime.Tensor('int64', BigInt64Array.from(values), [1, values.length]);
  }

  private ones(length: number): Tensor {
    return new this.runtime.Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]);
  }

  private isEos(id: bigint): boolean {
    const eos = this.model.generation_config?.eos_token_id ?? this.model.config.eos_token_id;
    const list = Array.isArray(eos) ? eos : [eos];
    return list.some((value) => value !== undefined && value !== null && BigInt(value as number) === id);
  }

  private fitToContext(promptTokens: number, maxNewTokens: number): number {
    if (promptTokens >= this.contextLength) {
      throw new CodedError(
        'prompt-too-long',
        `The conversation is ${promptTokens} tokens long, more than this model reads (${this.contextLength}). Start a new conversation about this capture, or select a smaller region.`,
      );
    }
    return Math.min(maxNewTokens, this.contextLength - promptTokens);
  }
}
