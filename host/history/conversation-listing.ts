// The history as the chat page lists it: each conversation's summary with a
// title drawn from its content (conversation-title.ts), the words a search
// looks in, and its capture's thumbnail (thumbnails.ts). A thumbnail still
// missing (a conversation saved by an earlier version, or one still being
// made) is made as the list is asked for; the listing waits for it a moment,
// and one not ready by then comes with a later listing.
import {
  maxSearchTextChars,
  summarize,
  type Conversation,
  type ConversationSummary,
} from '../../common/conversation.js';
import type { CaptureTextChange } from '../../common/chat-contract.js';
import { messageOf } from '../../common/message-of.js';
import type { PrepareImage } from '../model-servers/image-payload.js';
import { conversationTitle } from './conversation-title.js';
import type { HistoryStore } from './history-store.js';
import { Thumbnails } from './thumbnails.js';

export interface ConversationListingOptions {
  /** Scales a capture down to its thumbnail; without it, the list shows none. */
  prepareThumbnail?: PrepareImage | undefined;
  /** How long a listing waits for thumbnails it had to make (default 1.5 s). */
  thumbnailWaitMs?: number;
  warn?: (message: string) => void;
}

/** The most of a capture's text kept beside its conversation (the start of it: what a title and a search need). */
export const maxKeptCaptureTextChars = 4000;

/** A search's share of each kind of words (their sum stays under maxSearchTextChars). */
const searchShare = { questions: 1000, answers: 3400, captureText: 1500 };

export class ConversationListing {
  private readonly thumbnails: Thumbnails | undefined;
  private readonly thumbnailWaitMs: number;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly store: HistoryStore,
    options: ConversationListingOptions = {},
  ) {
    this.warn = options.warn ?? ((message) => console.warn(`Sightline history: ${message}`));
    this.thumbnails = options.prepareThumbnail && new Thumbnails(store, options.prepareThumbnail, this.warn);
    this.thumbnailWaitMs = options.thumbnailWaitMs ?? 1500;
  }

  /** A new capture: its thumbnail is made now, in the background. */
  captureOpened(id: string): Promise<void> {
    return this.thumbnails?.make(id) ?? Promise.resolve();
  }

  /** Keeps the start of each capture's text beside it, as the text layer reads it: titles and searches use it. */
  keepCaptureTexts(readings: { onChange(listener: (change: CaptureTextChange) => void): unknown }): void {
    readings.onChange(({ conversationId, text }) => {
      if (text.state !== 'read') return;
      this.captureTextRead(conversationId, text.text.text).catch((error: unknown) => {
        this.warn(`could not keep the capture text of ${conversationId}: ${messageOf(error)}`);
      });
    });
  }

  async captureTextRead(id: string, text: string): Promise<void> {
    const kept = text.trim().slice(0, maxKeptCaptureTextChars);
    if (kept) await this.store.saveSide(id, 'capture-text.txt', new TextEncoder().encode(kept));
  }

  forget(id: string): void {
    this.thumbnails?.forget(id);
  }

  /** Every conversation, most recently used first, as the history's list shows it. */
  async list(): Promise<ConversationSummary[]> {
    const conversations = await this.store.conversations();
    const thumbnails = await this.thumbnailsOf(conversations.map((conversation) => conversation.id));
    return Promise.all(
      conversations.map(async (conversation, index) => {
        const captureText = await this.captureTextOf(conversation);
        const first = conversation.turns.find((turn) => turn.role === 'user');
        const thumbnail = thumbnails[index];
        return {
          ...summarize(conversation),
          title: conversationTitle(conversation, captureText),
          ...(first?.role === 'user' && first.action ? { action: first.action } : {}),
          ...(thumbnail ? { thumbnail } : {}),
          searchText: searchTextOf(conversation, captureText),
        };
      }),
    );
  }

  /** Each one's thumbnail; those missing are made, and waited for a moment. */
  private async thumbnailsOf(ids: string[]): Promise<Array<string | undefined>> {
    const thumbnails = this.thumbnails;
    if (!thumbnails) return [];
    const found = await Promise.all(ids.map((id) => thumbnails.read(id)));
    const missing = ids.filter((_, index) => found[index] === undefined);
    if (missing.length === 0) return found;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.thumbnailWaitMs)));
    await Promise.race([Promise.all(missing.map((id) => thumbnails.make(id))), late]);
    clearTimeout(timer);
    return Promise.all(ids.map((id, index) => found[index] ?? thumbnails.read(id)));
  }

  /** The capture's text as kept beside it, or as its first question gave it to the model. */
  private async captureTextOf(conversation: Conversation): Promise<string | undefined> {
    const kept = await this.store.readSide(conversation.id, 'capture-text.txt');
    if (kept) return new TextDecoder().decode(kept);
    for (const turn of conversation.turns) {
      const section = turn.role === 'user' ? turn.captureText : undefined;
      // The section is captureTextSection's: a line of introduction, then the text between <<< and >>>.
      const text = section && /<<<\n([\s\S]*)\n>>>\s*$/.exec(section)?.[1];
      if (text) return text.replace(/^\[…\]\n/, '');
    }
    return undefined;
  }
}

/** The words a search looks in: the questions typed, the answers, the capture's text, each shortened. */
export function searchTextOf(conversation: Conversation, captureText: string | undefined): string {
  const questions = conversation.turns.filter((turn) => turn.role === 'user' && !turn.action).map((turn) => turn.text);
  const answers = conversation.turns.filter((turn) => turn.role === 'assistant').map((turn) => turn.text);
  return [
    questions.join('\n').slice(0, searchShare.questions),
    answers.join('\n').slice(0, searchShare.answers),
    (captureText ?? '').slice(0, searchShare.captureText),
  ]
    .filter(Boolean)
    .join('\n')
    .slice(0, maxSearchTextChars);
}
