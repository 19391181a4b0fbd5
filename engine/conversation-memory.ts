// What the engine keeps of its latest conversations, so that a follow-up
// question about the same capture does not encode the image again: the
// key/value cache, the tokens it covers, the turns they came from and how the
// image was tiled. A capture prepared before its first question (Vlm.prepare)
// is kept the same way, with no turns yet. Only the last two are kept: each
// cache holds a whole conversation's keys and values in memory.
import type { DynamicCache, Tensor } from '@huggingface/transformers';
import type { Turn } from '../common/engine-protocol.js';
import type { TilingPlan } from './tiling-policy.js';

/** What the engine remembers of a conversation: the tokens its KV cache covers, and the turns they came from. */
export interface ConversationState {
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
  /** Only the image is cached (no question yet): the prompt text its ids cover, up to the question. */
  prefixText?: string;
}

const maxConversationsKept = 2;

export class ConversationMemory {
  private readonly conversations = new Map<string, ConversationState>();

  get(conversationId: string): ConversationState | undefined {
    return this.conversations.get(conversationId);
  }

  /** Keeps the conversation, forgetting the oldest beyond the limit. */
  remember(conversationId: string, state: ConversationState): void {
    this.conversations.set(conversationId, state);
    while (this.conversations.size > maxConversationsKept) {
      const oldest = this.conversations.keys().next().value;
      if (oldest === undefined) break;
      this.conversations.delete(oldest);
    }
  }

  forget(conversationId: string): void {
    this.conversations.delete(conversationId);
  }

  clear(): void {
    this.conversations.clear();
  }
}
