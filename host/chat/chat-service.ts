// What the chat panel talks to, whichever host carries the messages (the
// app's IPC, the web host's WebSocket: host/chat/chat-handlers.ts). It owns
// the conversations (the history store) and the captures that open them;
// the answers being written, one per conversation, are answering.ts's
// (asked where answers come from, saved as they stream and as they end).
// Node only.
//
// Two ports: `answers`, where answers come from (the backend chosen now:
// host/answers/backend-switch.ts), and `engine`, the local model's life
// (host/engine-host/model-keeper.ts), which its status line follows
// (status-line.ts). Each capture's text is read as it opens (capture-texts.ts),
// and its image encoded for the first question (capture-preparations.ts);
// the history's list is conversation-listing.ts's (titles, thumbnails).
// An image the user opens, pastes or drops becomes a capture through
// image-opener.ts; the latest capture is the current conversation. Later
// captures of a conversation (closer looks, repeats): capture-additions.ts;
// secrets hidden before a capture leaves: redactions.ts.
import type { ChatSettings, OpenExternalReply, StorageNotice } from '../../common/chat-contract.js';
import {
  settleUnanswered,
  summarize,
  type AskRequest,
  type Conversation,
  type ConversationSummary,
} from '../../common/conversation.js';
import { defaultGenerationSettings, type GenerationSettings, type ImageSource } from '../../common/engine-protocol.js';
import type { CaptureTextState } from '../../common/capture-text.js';
import { checkExternalUrl } from '../../common/external-url.js';
import { ConversationListing } from '../history/conversation-listing.js';
import type { PrepareImage } from '../model-servers/image-payload.js';
import { Answering, type AnswerSink, type AnswerSource } from './answering.js';
import { CapturePreparations } from './capture-preparations.js';
import { CaptureTexts, type TextLayer } from './capture-texts.js';
import { ImageOpener } from './image-opener.js';
import { StatusLine, type ModelLifecycle } from './status-line.js';
import type { ChatModel } from '../settings/chat-control.js';
import { HistoryError, type HistoryStore } from '../history/history-store.js';
import { CaptureAdditions, type CaptureOrigin, type CropImage } from './capture-additions.js';
import { ChatError } from './chat-error.js';
import { chatRefusals } from '../../common/chat-refusals.js';
import { Redactions, type FillBoxes } from './redactions.js';

/** Where the chat reads its settings (the app's settings file; the answer language is asked for at each question). */
export interface ChatSettingsPort {
  get(): Promise<ChatSettings>;
}

export interface ChatServiceOptions {
  answers: AnswerSource;
  /** Reads each capture's text (the engine host); without it, the page is told text cannot be read here. */
  textLayer?: TextLayer;
  /** The local model's life, which the status line follows. */
  engine: ModelLifecycle;
  store: HistoryStore;
  settings: ChatSettingsPort;
  /** The model to load; undefined: none is set up yet (the status says so). */
  model?: ChatModel;
  generation?: GenerationSettings;
  /** Opens a checked http(s) URL in the system browser. */
  openExternal?: (url: string) => Promise<void> | void;
  now?: () => number;
  /** The most time between a streamed delta and its copy on disk (default one second). */
  progressIntervalMs?: number;
  /** What went wrong with the user's files at start (a settings file reset to defaults). */
  startNotices?: StorageNotice[];
  /** Converts the JPEG, WebP and GIF images a user opens to PNG (image-opener.ts); without it only PNGs open. */
  convertOpenedImage?: PrepareImage;
  /** Scales captures down to the history's thumbnails (in the app, the engine); without it there are none. */
  prepareThumbnail?: PrepareImage;
  /** Fills the areas a redaction hides (the engine's fill-boxes); without it secrets cannot be hidden. */
  fillBoxes?: FillBoxes;
  /** Cuts a closer look out of a capture (the engine's crop); without it closer looks are refused. */
  cropImage?: CropImage;
}

export { ChatError } from './chat-error.js';

type Listener<T> = (value: T) => void;

export class ChatService {
  /** The model, its loading and the status line (the settings drive it through ChatControl). */
  readonly statusLine: StatusLine;
  /** Each open capture's text, read as it opens (pages hear when a reading ends). */
  readonly captureTexts: CaptureTexts;
  /** Images the user opens as captures: a file, a paste, a drop. */
  readonly images: ImageOpener;
  /** Captures added to a conversation after its first (pages hear of each), and every capture's file by index. */
  readonly additions: CaptureAdditions;
  /** Secrets found, reviewed and filled before a capture goes to a model server (redactions.ts). */
  readonly redactions: Redactions;
  /** The answers being written, one per conversation at most (answering.ts). */
  private readonly answering: Answering;
  private readonly store: HistoryStore;
  private readonly listing: ConversationListing;
  private readonly openExternalUrl: ((url: string) => Promise<void> | void) | undefined;
  private readonly now: () => number;
  private readonly startNotices: StorageNotice[];
  private readonly captureListeners = new Set<Listener<ConversationSummary>>();
  /** Each new capture's image, encoded for its first question as it opens. */
  private readonly preparations: CapturePreparations;
  /** What a page that opens now shows: the latest capture, or the conversation opened since. */
  private current: string | undefined;

  constructor(options: ChatServiceOptions) {
    this.store = options.store;
    this.openExternalUrl = options.openExternal;
    this.now = options.now ?? Date.now;
    this.startNotices = options.startNotices ?? [];
    this.statusLine = new StatusLine(options.engine, options.model);
    this.captureTexts = new CaptureTexts(options.textLayer);
    this.preparations = new CapturePreparations(options.answers, (active) => this.statusLine.setReadingCapture(active));
    this.images = new ImageOpener((png) => this.openCapture(png), options.convertOpenedImage);
    this.listing = new ConversationListing(options.store, { prepareThumbnail: options.prepareThumbnail });
    this.listing.keepCaptureTexts(this.captureTexts);
    this.additions = new CaptureAdditions({
      store: options.store,
      captureTexts: this.captureTexts,
      textLayer: options.textLayer,
      crop: options.cropImage,
      image: (id, index) => this.imageSource(id, index),
      busy: (id) => this.answering.isBusy(id),
      now: this.now,
    });
    this.redactions = new Redactions({
      store: options.store,
      original: (id, index) => this.additions.captures.image(id, index),
      text: (conversation, index) =>
        this.additions.texts.text(conversation, index, (n) => this.imageSource(conversation.id, n)),
      fill: options.fillBoxes,
      busy: (id) => this.answering.isBusy(id),
      now: this.now,
    });
    this.answering = new Answering({
      answers: options.answers,
      store: options.store,
      settings: () => options.settings.get(),
      generation: options.generation ?? defaultGenerationSettings,
      additions: this.additions,
      redactions: this.redactions,
      settled: (id) => this.settled(id),
      imageSource: (id, index) => this.imageSource(id, index),
      now: this.now,
      ...(options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {}),
    });
  }

  // --- captures --------------------------------------------------------------

  onCapture(listener: Listener<ConversationSummary>): () => void {
    this.captureListeners.add(listener);
    return () => this.captureListeners.delete(listener);
  }

  // --- conversations ---------------------------------------------------------

  /** Opens a new conversation about a capture (a PNG) and tells every page. */
  async openCapture(png: Uint8Array): Promise<ConversationSummary> {
    let conversation: Conversation;
    try {
      conversation = await this.store.create(png);
    } catch (error) {
      if (error instanceof HistoryError) throw new ChatError(error.message);
      throw error;
    }
    const summary = summarize(conversation);
    this.captureTexts.read(conversation.id, () => this.imageSource(conversation.id));
    this.preparations.start(conversation.id, () => this.imageSource(conversation.id));
    void this.listing.captureOpened(conversation.id);
    this.current = summary.id;
    for (const listener of this.captureListeners) listener(summary);
    return summary;
  }

  /** Adds a capture (a PNG) to a conversation as its latest and tells every page (capture-additions.ts). */
  async addCapture(conversationId: string, png: Uint8Array, origin: CaptureOrigin): Promise<Conversation> {
    const conversation = await this.additions.add(conversationId, png, origin);
    if (origin.kind === 'repeat') this.current = conversationId;
    return conversation;
  }

  /** The conversation a page that opens now shows (the latest capture until the user opens another); null: none. */
  currentConversation(): string | null {
    return this.current ?? null;
  }

  /** A capture's text: read as the capture opened; one reopened from history is read again now. */
  async captureText(conversationId: string): Promise<CaptureTextState> {
    await this.read(conversationId);
    this.captureTexts.read(conversationId, () => this.imageSource(conversationId));
    return this.captureTexts.state(conversationId) ?? { state: 'reading' };
  }

  /** The history's list: titles from the conversations' content, thumbnails, the words a search looks in. */
  listConversations(): Promise<ConversationSummary[]> {
    return this.listing.list();
  }

  /** The user's files that could not be read: the settings reset at start, conversations the history skips. */
  async storageNotices(): Promise<StorageNotice[]> {
    await this.store.list();
    return [...this.startNotices, ...this.store.unreadable()];
  }

  /** A conversation as the page shows it: one being answered as it is, any other settled. */
  async openConversation(conversationId: string): Promise<Conversation> {
    const conversation = this.answering.isBusy(conversationId)
      ? await this.read(conversationId)
      : await this.settled(conversationId);
    this.current = conversationId;
    return conversation;
  }

  private async read(conversationId: string): Promise<Conversation> {
    const conversation = await this.store.get(conversationId);
    if (!conversation) throw new ChatError(chatRefusals.conversationGone);
    return conversation;
  }

  /** The conversation with an answer cut off by an earlier process's end in place (settleUnanswered). */
  private async settled(conversationId: string): Promise<Conversation> {
    const conversation = await this.read(conversationId);
    if (conversation.turns.at(-1)?.role !== 'user') return conversation;
    return settleUnanswered(conversation, await this.store.answerInProgress(conversationId));
  }

  /** Capture `index`'s PNG (0: the conversation's first; conversation-captures.ts). */
  async captureImage(conversationId: string, index = 0): Promise<Uint8Array<ArrayBuffer>> {
    const png = await this.additions.captures.image(conversationId, index);
    if (!png) throw new ChatError(chatRefusals.captureGone);
    return png;
  }

  async deleteConversation(conversationId: string): Promise<void> {
    this.answering.stopIn(conversationId);
    this.captureTexts.forget(conversationId);
    this.additions.texts.forget(conversationId);
    this.preparations.cancel(conversationId);
    if (this.current === conversationId) this.current = undefined;
    this.listing.forget(conversationId);
    await this.store.delete(conversationId);
  }

  // --- answers -----------------------------------------------------------------

  /** Starts an answer (answering.ts): resolves once the question is saved and asked; its events go to `sink`. */
  ask(request: AskRequest, sink: AnswerSink): Promise<void> {
    return this.answering.ask(request, sink);
  }

  /** Stops an answer; it ends with done 'stopped'. */
  stop(answerId: string): void {
    this.answering.stop(answerId);
  }

  /** Stops every answer (a page went away, or the host is closing). */
  stopAll(answerIds?: Iterable<string>): void {
    this.answering.stopAll(answerIds);
  }

  private async imageSource(conversationId: string, index = 0): Promise<ImageSource> {
    const file = this.additions.captures.file(conversationId, index);
    if (file) return { kind: 'path', path: file };
    return { kind: 'bytes', bytes: await this.captureImage(conversationId, index) };
  }

  // --- links -----------------------------------------------------------------------

  /** Checks a link from an answer and opens it in the system browser. */
  async openExternal(url: string): Promise<OpenExternalReply> {
    const checked = checkExternalUrl(url);
    if (!checked.ok) return checked;
    if (!this.openExternalUrl) return { ok: false, reason: chatRefusals.linksUnavailable };
    await this.openExternalUrl(checked.url);
    return { ok: true, url: checked.url };
  }

  /** Stops every answer and waits until each is saved (as stopped, with what it had written). */
  async dispose(): Promise<void> {
    this.statusLine.dispose();
    this.captureTexts.dispose();
    this.additions.dispose();
    this.preparations.cancelAll();
    await this.answering.dispose();
    this.captureListeners.clear();
  }
}
