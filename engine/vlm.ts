// One loaded vision-language model and the conversations it holds in memory.
// transformers.js does tokenizing, chat templates, image processing and the
// generation loop; this file owns what it does not: the tiling policy per
// region, key/value-cache reuse across follow-up questions, streaming, stop,
// and the context-length check.
// (Over 400 lines: one model session's state is shared by all of these; the
// tiling and cache helpers already live in their own files.)
import { createHash } from 'node:crypto';
import type { InterruptableStoppingCriteria } from '@huggingface/transformers';
import {
  AutoModelForImageTextToText,
  AutoProcessor,
  RawImage,
  StoppingCriteriaList,
  Tensor,
  type DynamicCache,
} from '@huggingface/transformers';
import type {
  Dtype,
  ExecutionProvider,
  GenerationPhase,
  GenerationSettings,
  ImageSource,
  Turn,
  Usage,
} from '../common/engine-protocol.js';
import { EngineFailure } from './engine-error.js';
import { decodeImage, readImageBytes, type DecodeTarget, type ImageSize } from './image-input.js';
import type { ModelFolder } from './model-folder.js';
import type { ModelFamily } from '../common/model-files.js';
import { TextDeltaStream } from './text-delta-stream.js';
import { planTiling, type TilingPlan, type VisionSpec } from './tiling-policy.js';
import type { ChatMessage, GenerateOutput, Processor, VisionLanguageModel } from './transformers-surface.js';
import { configureOffline } from './offline.js';
import { allowQwenCachedContinuation } from './qwen-cache-shim.js';
import type { OrtLogSeverity } from '../common/native-logging.js';
import { desktopThreading, engineSessionOptions, type SessionThreading } from './session-options.js';

export interface AnswerRequest {
  conversationId: string;
  image: ImageSource;
  turns: Turn[];
  settings: GenerationSettings;
}

export interface AnswerHooks {
  onPhase(phase: GenerationPhase): void;
  onDelta(text: string): void;
  /** Interrupt between two decode steps. */
  stop: InterruptableStoppingCriteria;
}

export interface AnswerResult {
  reason: 'eos' | 'length' | 'stopped';
  text: string;
  usage: Usage;
}

/** 'recompute' ignores the cached key/values (same tokens, image encoded again): the reference the cache must match. */
export type CacheMode = 'reuse' | 'recompute';

/** What the engine remembers of a conversation: the tokens its KV cache covers, and the turns they came from. */
interface ConversationState {
  imageKey: string;
  turns: Turn[];
  /** Prompt and answer tokens so far; the cache covers all but the last. */
  ids: bigint[];
  endedWithEos: boolean;
  cache: DynamicCache;
  plan: TilingPlan;
  imageTokens: number;
  /** Qwen2-VL: the image grid, which positions of later tokens depend on. */
  imageGridThw?: Tensor;
}

const maxConversationsKept = 2;

export class Vlm {
  private readonly conversations = new Map<string, ConversationState>();

  private constructor(
    readonly folder: ModelFolder,
    readonly provider: ExecutionProvider,
    readonly dtype: Dtype,
    private readonly processor: Processor,
    private readonly model: VisionLanguageModel,
    readonly vision: VisionSpec,
    readonly contextLength: number,
  ) {}

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
    configureOffline();
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
    );
  }

  async dispose(): Promise<void> {
    this.conversations.clear();
    await this.model.dispose();
  }

  forget(conversationId: string): void {
    this.conversations.delete(conversationId);
  }

  async answer(request: AnswerRequest, hooks: AnswerHooks, cacheMode: CacheMode = 'reuse'): Promise<AnswerResult> {
    const started = performance.now();
    const last = request.turns.at(-1);
    if (!last || last.role !== 'user')
      throw new EngineFailure('bad-request', 'The conversation must end with a question.');
    const bytes = await readImageBytes(request.image);
    const imageKey = createHash('sha256').update(bytes).digest('hex');

    const previous = this.conversations.get(request.conversationId);
    const continuation = previous ? this.continuationIds(previous, imageKey, request.turns) : undefined;
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
      const pixels = await this.processImage(bytes, plan);
      imageGridThw = pixels.image_grid_thw;
      inputs = pixels;
    } else {
      hooks.onPhase('encoding');
      const built = await this.buildPrompt(bytes, request.turns);
      ({ ids, plan, imageTokens, imageGridThw } = built);
      inputs = built.pixels;
    }
    this.conversations.delete(request.conversationId);

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
    const stopping = new StoppingCriteriaList();
    stopping.push(hooks.stop);
    const { temperature, topP, repetitionPenalty } = request.settings;
    const output = (await this.model.generate({
      ...inputs,
      input_ids: int64(ids),
      attention_mask: ones(ids.length),
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
    this.remember(request.conversationId, {
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

  /** Image tokens a region of this size costs under the tiling policy. */
  plan(width: number, height: number): TilingPlan {
    return planTiling({ width, height }, this.vision);
  }

  private remember(conversationId: string, state: ConversationState): void {
    this.conversations.set(conversationId, state);
    while (this.conversations.size > maxConversationsKept) {
      const oldest = this.conversations.keys().next().value;
      if (oldest === undefined) break;
      this.conversations.delete(oldest);
    }
  }

  private isEos(id: bigint): boolean {
    const eos = this.model.generation_config?.eos_token_id ?? this.model.config.eos_token_id;
    const list = Array.isArray(eos) ? eos : [eos];
    return list.some((value) => value !== undefined && value !== null && BigInt(value as number) === id);
  }

  /**
   * The token ids of a follow-up, extending what the cache holds, or
   * undefined when the request does not continue the cached conversation.
   */
  private continuationIds(state: ConversationState, imageKey: string, turns: Turn[]): bigint[] | undefined {
    if (state.imageKey !== imageKey || turns.length !== state.turns.length + 1) return undefined;
    const same = state.turns.every((turn, i) => turn.role === turns[i]?.role && turn.text === turns[i]?.text);
    const answer = state.turns.at(-1);
    if (!same || !answer || answer.role !== 'assistant' || answer.text.trim() === '') return undefined;
    // The chat template's text after the answer: the answer's closing marker
    // (unless generation ended on it) and the new question's turn.
    const before = this.processor.apply_chat_template(toMessages(state.turns), { add_generation_prompt: false });
    const after = this.processor.apply_chat_template(toMessages(turns), { add_generation_prompt: true });
    const answerEnd = before.lastIndexOf(answer.text.trim());
    if (!after.startsWith(before) || answerEnd < 0) return undefined;
    let closing = before.slice(answerEnd + answer.text.trim().length);
    const lastId = state.ids.at(-1);
    if (state.endedWithEos && lastId !== undefined) {
      const eosText = this.processor.tokenizer.decode([lastId], { skip_special_tokens: false });
      if (closing.startsWith(eosText)) closing = closing.slice(eosText.length);
    }
    const delta = closing + after.slice(before.length);
    return [...state.ids, ...this.processor.tokenizer.encode(delta, { add_special_tokens: false }).map(BigInt)];
  }

  /** A whole conversation from scratch: template, image processing, tokenizing. */
  private async buildPrompt(bytes: Uint8Array, turns: Turn[]) {
    const image = await this.decodeFor(bytes);
    const plan = this.plan(image.originalWidth, image.originalHeight);
    this.applyPlan(plan);
    const text = this.processor.apply_chat_template(toMessages(turns), { add_generation_prompt: true });
    const processed = await this.processor(text, image.raw, this.processorOptions(plan));
    const inputIds = processed.input_ids;
    if (!inputIds) throw new EngineFailure('internal', 'The processor returned no input ids.');
    const ids = (inputIds.tolist() as bigint[][])[0] ?? [];
    const imageTokenId = BigInt(this.imageTokenId());
    const imageTokens = ids.filter((id) => id === imageTokenId).length;
    const { input_ids: _ids, attention_mask: _mask, ...pixels } = processed;
    return { ids, plan, imageTokens, imageGridThw: processed.image_grid_thw, pixels };
  }

  private async processImage(bytes: Uint8Array, plan: TilingPlan): Promise<Record<string, Tensor>> {
    const image = await this.decodeFor(bytes);
    this.applyPlan(plan);
    const imageProcessor = this.processor.image_processor as unknown as (
      images: RawImage,
      options?: Record<string, unknown>,
    ) => Promise<Record<string, Tensor>>;
    // transformers.js processors are callable objects bound to themselves.
    const processed = await imageProcessor(image.raw, this.processorOptions(plan));
    const { original_sizes: _o, reshaped_input_sizes: _r, rows: _rows, cols: _cols, ...pixels } = processed;
    return pixels;
  }

  private async decodeFor(bytes: Uint8Array) {
    // Scale down before any tensor exists: the plan never needs more pixels than this.
    const decoded = await decodeImage(bytes, (size) => decodeLimit(size, this.vision));
    const raw = new RawImage(
      new Uint8ClampedArray(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength),
      decoded.width,
      decoded.height,
      3,
    );
    return { raw, originalWidth: decoded.originalWidth, originalHeight: decoded.originalHeight };
  }

  private applyPlan(plan: TilingPlan): void {
    const imageProcessor = this.processor.image_processor;
    if (plan.kind === 'tiles') imageProcessor.size = { longest_edge: plan.longestEdge };
    else {
      imageProcessor.max_pixels = plan.maxPixels;
      imageProcessor.min_pixels = plan.minPixels;
    }
  }

  private processorOptions(plan: TilingPlan): Record<string, unknown> {
    return plan.kind === 'tiles' ? { do_image_splitting: plan.split, return_row_col_info: true } : {};
  }

  private imageTokenId(): number {
    const id = this.model.config.image_token_id ?? this.model.config.image_token_index;
    if (typeof id !== 'number')
      throw new EngineFailure('model-corrupt', "The model's config.json has no image_token_id.");
    return id;
  }

  private fitToContext(promptTokens: number, maxNewTokens: number): number {
    if (promptTokens >= this.contextLength) {
      throw new EngineFailure(
        'prompt-too-long',
        `The conversation is ${promptTokens} tokens long, more than this model reads (${this.contextLength}). Start a new conversation about this capture, or select a smaller region.`,
      );
    }
    return Math.min(maxNewTokens, this.contextLength - promptTokens);
  }
}

/** The size to decode a region to: enough for the tiling plan, never more. */
function decodeLimit(size: ImageSize, vision: VisionSpec): DecodeTarget {
  const plan = planTiling(size, vision);
  if (plan.kind === 'tiles') return { width: plan.longestEdge, height: plan.longestEdge, fit: 'inside' };
  // Qwen2-VL: scale straight to the planned grid, so the processor's own
  // resize keeps it (a near-limit size could otherwise round to a smaller grid).
  if (plan.width <= size.width && plan.height <= size.height)
    return { width: plan.width, height: plan.height, fit: 'fill' };
  return { ...size, fit: 'inside' };
}

function toMessages(turns: Turn[]): ChatMessage[] {
  return turns.map((turn, index) => ({
    role: turn.role,
    content: index === 0 ? [{ type: 'image' }, { type: 'text', text: turn.text }] : [{ type: 'text', text: turn.text }],
  }));
}

function int64(values: readonly bigint[]): Tensor {
  return new Tensor('int64', BigInt64Array.from(values), [1, values.length]);
}

function ones(length: number): Tensor {
  return new Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]);
}

function numberIn(config: Record<string, unknown>, key: string): number | undefined {
  const value = config[key];
  return typeof value === 'number' ? value : undefined;
}

function contextLengthOf(config: Record<string, unknown>): number {
  const text = (config.text_config ?? {}) as Record<string, unknown>;
  return numberIn(text, 'max_position_embeddings') ?? numberIn(config, 'max_position_embeddings') ?? 8192;
}

function visionSpecOf(family: ModelFamily, processor: Processor): VisionSpec {
  const imageProcessor = processor.image_processor;
  if (family === 'smolvlm') {
    const tile = (imageProcessor.max_image_size as { longest_edge?: number } | undefined)?.longest_edge ?? 512;
    const size = (imageProcessor.size as { longest_edge?: number } | undefined)?.longest_edge ?? tile * 4;
    const tokensPerTile = numberIn(processor.config, 'image_seq_len') ?? 64;
    return { kind: 'tiles', tileSize: tile, tokensPerTile, maxLongestEdge: size };
  }
  const config = (imageProcessor.config ?? {}) as Record<string, unknown>;
  return {
    kind: 'patches',
    patchSize: numberIn(config, 'patch_size') ?? 14,
    mergeSize: numberIn(config, 'merge_size') ?? 2,
    minPixels: (imageProcessor.min_pixels as number | undefined) ?? 56 * 56,
    maxPixels: (imageProcessor.max_pixels as number | undefined) ?? 28 * 28 * 1280,
  };
}
