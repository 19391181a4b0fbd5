// Captures added to a conversation after its first (common/conversation-
// captures.ts): the same region captured again (the repeat shortcut), or a
// closer look, cut from one of the conversation's captures as stored — the
// full-resolution PNG, never an image a page scaled — by the engine's crop
// (sharp runs in the engine, never in Electron's main process). Each is
// stored (host/history/later-captures.ts) and every page told; the
// questions asked from then on are about it. Node only.
import type { CaptureAdded, LookCloserRequest } from '../../common/chat-contract.js';
import type { CaptureRect, Conversation } from '../../common/conversation.js';
import { captureAt } from '../../common/conversation-captures.js';
import type { ImageSource } from '../../common/engine-protocol.js';
import { HistoryError, type HistoryStore } from '../history/history-store.js';
import { LaterCaptures } from '../history/later-captures.js';
import type { CaptureTexts, TextLayer } from './capture-texts.js';
import { ChatError } from './chat-error.js';
import { chatRefusal, chatRefusals } from '../../common/chat-refusals.js';
import { LaterCaptureTexts } from './later-capture-texts.js';

/** Where a later capture comes from: the same region again, or a part of capture `from` looked at closer. */
export type CaptureOrigin = { kind: 'repeat' } | { kind: 'closer-look'; from: number; rect: CaptureRect };

/** Cuts a region out of a PNG, losslessly (the engine host's crop). */
export type CropImage = (png: Uint8Array, rect: CaptureRect) => Promise<{ png: Uint8Array }>;

export interface CaptureAdditionsOptions {
  store: HistoryStore;
  /** The first captures' texts; a closer look's text is cut from its parent's. */
  captureTexts: CaptureTexts;
  textLayer: TextLayer | undefined;
  /** Without it (no engine here), closer looks are refused with a reason. */
  crop: CropImage | undefined;
  image: (conversationId: string, index: number) => Promise<ImageSource>;
  /** Whether an answer is being written in the conversation (a closer look waits for it). */
  busy: (conversationId: string) => boolean;
  now: () => number;
}

export class CaptureAdditions {
  /** Every capture's file, by index. */
  readonly captures: LaterCaptures;
  /** The later captures' texts, for the first question about each. */
  readonly texts: LaterCaptureTexts;
  private readonly listeners = new Set<(added: CaptureAdded) => void>();

  constructor(private readonly options: CaptureAdditionsOptions) {
    this.captures = new LaterCaptures(options.store);
    this.texts = new LaterCaptureTexts(options.captureTexts, options.textLayer);
  }

  onAdded(listener: (added: CaptureAdded) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores a capture (a PNG) as the conversation's latest, tells every page, and returns the conversation. */
  async add(conversationId: string, png: Uint8Array, origin: CaptureOrigin): Promise<Conversation> {
    const at = this.options.now();
    let added: { conversation: Conversation; index: number };
    try {
      added = await this.captures.add(
        conversationId,
        png,
        origin.kind === 'repeat'
          ? { origin: 'repeat', at }
          : { origin: 'closer-look', at, from: { capture: origin.from, rect: origin.rect } },
      );
    } catch (error) {
      if (error instanceof HistoryError) throw new ChatError(error.message);
      throw error;
    }
    const { conversation, index } = added;
    const info = conversation.laterCaptures?.[index - 1];
    if (!info) throw new ChatError(chatRefusals.captureNotKept);
    // Its text is ready by the time the first question about it is asked.
    void this.texts.text(conversation, index, (n) => this.options.image(conversationId, n));
    for (const listener of this.listeners) listener({ conversationId, capture: index, info });
    return conversation;
  }

  /**
   * A closer look at `rect` of capture `from` (in that capture's pixels): cut from its stored
   * full-resolution file and added as the conversation's latest capture.
   */
  async lookCloser({ conversationId, capture: from, rect }: LookCloserRequest): Promise<Conversation> {
    if (this.options.busy(conversationId)) {
      throw new ChatError(chatRefusals.answerWritingStop);
    }
    const conversation = await this.captures.conversation(conversationId);
    if (!conversation) throw new ChatError(chatRefusals.conversationGone);
    const parent = captureAt(conversation, from);
    if (!parent) throw new ChatError(chatRefusals.captureNotInConversation);
    if (rect.x + rect.width > parent.width || rect.y + rect.height > parent.height) {
      const { width, height, x, y } = rect;
      const values = { width, height, x, y, captureWidth: parent.width, captureHeight: parent.height };
      throw new ChatError(chatRefusal('regionOutsideCapture', values));
    }
    const crop = this.options.crop;
    if (!crop) throw new ChatError(chatRefusals.noCropHere);
    const source = await this.captures.image(conversation.id, from);
    if (!source) throw new ChatError(chatRefusals.captureGone);
    const cropped = await crop(source, rect);
    return this.add(conversation.id, cropped.png, { kind: 'closer-look', from, rect });
  }

  dispose(): void {
    this.listeners.clear();
  }
}
