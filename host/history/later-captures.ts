// A conversation's later captures on disk (common/conversation-captures.ts):
// capture n ≥ 1 is `capture-<n>.png` beside the conversation's `capture.png`,
// kept through the history store's side-file writes (atomic, in memory only
// when keeping is off, gone with the conversation). The file is written
// before the conversation names it, so a conversation never names a capture
// it lacks; one left by a write cut short is replaced by the next capture.
// (The images sent after secrets were hidden, sent-<n>.png, go by the same index.) Node only.
import { chatRefusal, chatRefusals } from '../../common/chat-refusals.js';
import { type Conversation, type LaterCapture } from '../../common/conversation.js';
import {
  captureAt,
  captureCount,
  maxCapturesPerConversation,
  withLaterCapture,
} from '../../common/conversation-captures.js';
import { pngSize } from '../../common/png-size.js';
import { HistoryError, type HistoryStore } from './history-store.js';
import { KeyedQueue } from './keyed-queue.js';
import { laterCaptureFile } from './later-capture-files.js';

export class LaterCaptures {
  /** Additions to one conversation, one at a time: each gets the next index. */
  private readonly adding = new KeyedQueue();

  constructor(private readonly store: HistoryStore) {}

  /** Adds a capture (a PNG) at the end of the conversation's; returns the conversation and its index. */
  add(
    conversationId: string,
    png: Uint8Array,
    details: Omit<LaterCapture, 'width' | 'height' | 'bytes'>,
  ): Promise<{ conversation: Conversation; index: number }> {
    return this.adding.run(conversationId, async () => {
      const size = pngSize(png);
      if (!size || size.width === 0 || size.height === 0) throw new HistoryError(chatRefusals.captureNotPng);
      const conversation = await this.store.get(conversationId);
      if (!conversation) throw new HistoryError(chatRefusals.conversationGone);
      const index = captureCount(conversation);
      if (index >= maxCapturesPerConversation) {
        throw new HistoryError(chatRefusal('capturesPerConversation', { max: maxCapturesPerConversation }));
      }
      if (!(await this.store.saveSide(conversationId, laterCaptureFile(index), png))) {
        throw new HistoryError(chatRefusals.conversationGone);
      }
      const later: LaterCapture = { width: size.width, height: size.height, bytes: png.byteLength, ...details };
      const added = withLaterCapture(conversation, later);
      await this.store.save(added);
      return { conversation: (await this.store.get(conversationId)) ?? added, index };
    });
  }

  /** The conversation as stored (undefined: there is none). */
  conversation(conversationId: string): Promise<Conversation | undefined> {
    return this.store.get(conversationId);
  }

  /** Capture `index`'s PNG (0: the first), or undefined when the conversation has no such capture. */
  async image(conversationId: string, index: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
    if (index === 0) return this.store.image(conversationId);
    const conversation = await this.store.get(conversationId);
    if (!conversation || !captureAt(conversation, index)) return undefined;
    const bytes = await this.store.readSide(conversationId, laterCaptureFile(index));
    return bytes && new Uint8Array(bytes);
  }

  /** Capture `index`'s file on disk (undefined when kept in memory only, or for an index that is not a number ≥ 0). */
  file(conversationId: string, index: number): string | undefined {
    if (index === 0) return this.store.imageFile(conversationId);
    if (!Number.isInteger(index) || index < 1) return undefined;
    return this.store.sideFile(conversationId, laterCaptureFile(index));
  }
}
