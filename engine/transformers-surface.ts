// The slice of transformers.js that the engine drives, typed narrowly: its
// own typings are generated from JSDoc and too loose to hold a boundary.
import type { DynamicCache, RawImage, Tensor } from '@huggingface/transformers';

export type ChatContent = { type: 'image' } | { type: 'text'; text: string };
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: ChatContent[];
}

export interface Tokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  decode(ids: readonly (number | bigint)[], options: { skip_special_tokens: boolean }): string;
  apply_chat_template(messages: ChatMessage[], options: { tokenize: false; add_generation_prompt: boolean }): string;
}

export interface Processor {
  (text: string, images: RawImage | RawImage[], options?: Record<string, unknown>): Promise<Record<string, Tensor>>;
  apply_chat_template(messages: ChatMessage[], options: { add_generation_prompt: boolean }): string;
  tokenizer: Tokenizer;
  image_processor: Record<string, unknown>;
  config: Record<string, unknown>;
  dispose?: () => Promise<unknown>;
}

export interface GenerateOutput {
  sequences: Tensor;
  past_key_values: DynamicCache;
}

export interface VisionLanguageModel {
  generate(args: Record<string, unknown>): Promise<Tensor | GenerateOutput>;
  prepare_inputs_for_generation(...args: unknown[]): Record<string, unknown>;
  dispose(): Promise<unknown>;
  config: Record<string, unknown>;
  generation_config?: Record<string, unknown>;
}
