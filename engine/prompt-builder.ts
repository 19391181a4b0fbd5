// The model's input for a question. A new conversation: the chat template
// over its turns (the image in the user turn `imageTurn`, the first unless a
// later capture came with a later question), the capture decoded and tiled by the tiling policy (from
// the region's real pixel size), and the token ids with the image's tokens in
// them. A follow-up about the same capture: the token ids the conversation's
// cache already covers, extended by the template's text between the last
// answer and the new question, so that only the new tokens are computed. A
// capture prepared before its question: the prompt up to the end of the image
// (the same whatever is asked), whose cache the first question extends.
import { createHash } from 'node:crypto';
import type { RawImage, Tensor } from '@huggingface/transformers';
import { loadTransformers } from './native-runtime.js';
import type { Turn } from '../common/engine-protocol.js';
import type { ModelFamily } from '../common/model-files.js';
import { CodedError } from '../common/coded-error.js';
import type { ConversationState } from './conversation-memory.js';
import { decodeImage, type DecodeTarget, type ImageSize } from './image-input.js';
import { planTiling, type TilingPlan, type VisionSpec } from './tiling-policy.js';
import type { ChatMessage, Processor } from './transformers-surface.js';

/** The start of a first question's prompt, up to the end of the image: its text, ids and processed image. */
export interface ImagePrefix extends FreshPrompt {
  text: string;
}

/** A new conversation's input: its token ids and the processed image. */
export interface FreshPrompt {
  ids: bigint[];
  plan: TilingPlan;
  imageTokens: number;
  /** Qwen2-VL: the image grid, which positions of later tokens depend on. */
  imageGridThw: Tensor | undefined;
  /** The processor's image tensors, as generate() takes them. */
  pixels: Record<string, Tensor>;
}

export class PromptBuilder {
  constructor(
    private readonly processor: Processor,
    /** The model's config.json, for its image token. */
    private readonly modelConfig: Record<string, unknown>,
    private readonly vision: VisionSpec,
  ) {}

  /** A whole conversation from scratch: template, image processing, tokenizing. */
  async fresh(bytes: Uint8Array, turns: Turn[], imageTurn = 0): Promise<FreshPrompt> {
    const image = await this.decodeFor(bytes);
    const plan = planTiling({ width: image.originalWidth, height: image.originalHeight }, this.vision);
    this.applyPlan(plan);
    const text = this.processor.apply_chat_template(toMessages(turns, imageTurn), { add_generation_prompt: true });
    const processed = await this.processor(text, image.raw, this.processorOptions(plan));
    const inputIds = processed.input_ids;
    if (!inputIds) throw new CodedError('internal', 'The processor returned no input ids.');
    const ids = (inputIds.tolist() as bigint[][])[0] ?? [];
    const imageTokenId = BigInt(this.imageTokenId());
    const imageTokens = ids.filter((id) => id === imageTokenId).length;
    const { input_ids: _ids, attention_mask: _mask, ...pixels } = processed;
    return { ids, plan, imageTokens, imageGridThw: processed.image_grid_thw, pixels };
  }

  /**
   * The first question's prompt up to where the question's text begins: the
   * template's opening and the image, alike for every question (found as what
   * the prompts of two different questions share).
   */
  async imagePrefix(bytes: Uint8Array): Promise<ImagePrefix> {
    const promptFor = (question: string) =>
      this.processor.apply_chat_template(toMessages([{ role: 'user', text: question }], 0), {
        add_generation_prompt: true,
      });
    const one = promptFor('A');
    const other = promptFor('B');
    let shared = 0;
    while (shared < one.length && one[shared] === other[shared]) shared += 1;
    const text = one.slice(0, shared);
    const image = await this.decodeFor(bytes);
    const plan = planTiling({ width: image.originalWidth, height: image.originalHeight }, this.vision);
    this.applyPlan(plan);
    const processed = await this.processor(text, image.raw, this.processorOptions(plan));
    const ids = (processed.input_ids?.tolist() as bigint[][] | undefined)?.[0] ?? [];
    const imageTokenId = BigInt(this.imageTokenId());
    const imageTokens = ids.filter((id) => id === imageTokenId).length;
    if (imageTokens === 0) throw new CodedError('internal', "The prompt's opening holds no image.");
    const { input_ids: _ids, attention_mask: _mask, ...pixels } = processed;
    return { text, ids, plan, imageTokens, imageGridThw: processed.image_grid_thw, pixels };
  }

  /**
   * The token ids of a first question about a prepared capture, extending
   * the image prefix the cache holds, or undefined when the state is not one.
   */
  firstQuestionIds(state: ConversationState, imageKey: string, turns: Turn[]): bigint[] | undefined {
    if (state.prefixText === undefined || state.imageKey !== imageKey) return undefined;
    if (turns.length !== 1 || turns[0]?.role !== 'user') return undefined;
    const prompt = this.processor.apply_chat_template(toMessages(turns, 0), { add_generation_prompt: true });
    if (!prompt.startsWith(state.prefixText)) return undefined;
    const rest = prompt.slice(state.prefixText.length);
    return [...state.ids, ...this.processor.tokenizer.encode(rest, { add_special_tokens: false }).map(BigInt)];
  }

  /** The capture's image tensors under an earlier plan, without the text: the image encoded again. */
  async pixels(bytes: Uint8Array, plan: TilingPlan): Promise<Record<string, Tensor>> {
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

  /**
   * The token ids of a follow-up, extending what the cache holds, or
   * undefined when the request does not continue the cached conversation
   * (the image key names the image and its turn: imageKeyOf).
   */
  followUpIds(state: ConversationState, imageKey: string, turns: Turn[], imageTurn = 0): bigint[] | undefined {
    if (state.imageKey !== imageKey || turns.length !== state.turns.length + 1) return undefined;
    const same = state.turns.every((turn, i) => turn.role === turns[i]?.role && turn.text === turns[i]?.text);
    const answer = state.turns.at(-1);
    if (!same || !answer || answer.role !== 'assistant' || answer.text.trim() === '') return undefined;
    // The chat template's text after the answer: the answer's closing marker
    // (unless generation ended on it) and the new question's turn.
    const before = this.processor.apply_chat_template(toMessages(state.turns, imageTurn), {
      add_generation_prompt: false,
    });
    const after = this.processor.apply_chat_template(toMessages(turns, imageTurn), { add_generation_prompt: true });
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

  private async decodeFor(bytes: Uint8Array) {
    // Scale down before any tensor exists: the plan never needs more pixels than this.
    const decoded = await decodeImage(bytes, (size) => decodeLimit(size, this.vision));
    const { RawImage } = await loadTransformers();
    const raw: RawImage = new RawImage(
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
    const id = this.modelConfig.image_token_id ?? this.modelConfig.image_token_index;
    if (typeof id !== 'number') throw new CodedError('model-corrupt', "The model's config.json has no image_token_id.");
    return id;
  }
}

/** How the family's processor tiles an image, read from its configuration (at load). */
export function visionSpecOf(family: ModelFamily, processor: Processor): VisionSpec {
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

/** How many tokens the model reads, prompt and answer together. */
export function contextLengthOf(config: Record<string, unknown>): number {
  const text = (config.text_config ?? {}) as Record<string, unknown>;
  return numberIn(text, 'max_position_embeddings') ?? numberIn(config, 'max_position_embeddings') ?? 8192;
}

function numberIn(config: Record<string, unknown>, key: string): number | undefined {
  const value = config[key];
  return typeof value === 'number' ? value : undefined;
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

/**
 * What the engine's cache of a conversation is keyed by: the image's bytes and the turn it goes
 * with, so that a follow-up reuses the cache only when both are the same.
 */
export function imageKeyOf(bytes: Uint8Array, imageTurn: number): string {
  return `${createHash('sha256').update(bytes).digest('hex')}@${imageTurn}`;
}

/** The chat template's messages: the image at the start of turn `imageTurn`, every other turn text only. */
function toMessages(turns: Turn[], imageTurn: number): ChatMessage[] {
  return turns.map((turn, index) => ({
    role: turn.role,
    content:
      index === imageTurn
        ? [{ type: 'image' }, { type: 'text', text: turn.text }]
        : [{ type: 'text', text: turn.text }],
  }));
}
