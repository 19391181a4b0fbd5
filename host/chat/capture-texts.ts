// The text of each capture the chat has open, read by the text layer in the
// engine as soon as the capture opens: the page offers it to copy and draws
// it over the capture, "Transcribe the text" answers from it, and the first
// question gives it to the model. Held in memory only, for the conversations
// of this run (the last few): a conversation reopened later is read again
// (a warm read takes about a third of a second).
import { captureTextSection, type CaptureText, type CaptureTextState } from '../../common/capture-text.js';
import { chatRefusals } from '../../common/chat-refusals.js';
import type { CaptureTextChange, ChatSettings } from '../../common/chat-contract.js';
import type { AskRequest, Conversation } from '../../common/conversation.js';
import type { ImageSource } from '../../common/engine-protocol.js';
import { messageOf } from '../../common/message-of.js';
import type { AnswerLanguage } from '../../common/settings.js';
import type { AnswerStream } from '../engine-host/engine-host.js';
import { transcriptAnswer } from './transcript.js';
import { withinOrUndefined } from './within.js';

/** Reads a capture's text: the engine host (EngineHost.readText). */
export interface TextLayer {
  readText(image: ImageSource): Promise<CaptureText>;
}

interface Entry {
  state: CaptureTextState;
  read: Promise<CaptureText | undefined>;
}

/** How many captures' texts are kept. */
const kept = 32;

/** How long a first question waits for its capture's text before it goes without it. */
const captureTextWaitMs = 3000;

export class CaptureTexts {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(change: CaptureTextChange) => void>();

  constructor(private readonly textLayer: TextLayer | undefined) {}

  /** Starts reading a capture's text, unless it is read or being read. */
  read(conversationId: string, image: () => Promise<ImageSource>): void {
    if (this.entries.has(conversationId)) return;
    if (!this.textLayer) {
      this.set(conversationId, { state: { state: 'failed', reason: chatRefusals.textUnavailable }, read: none });
      return;
    }
    const textLayer = this.textLayer;
    const entry: Entry = {
      state: { state: 'reading' },
      read: image()
        .then((source) => textLayer.readText(source))
        .then(
          (text) => {
            this.settle(conversationId, entry, { state: 'read', text });
            return text;
          },
          (error: unknown) => {
            this.settle(conversationId, entry, { state: 'failed', reason: messageOf(error) });
            return undefined;
          },
        ),
    };
    this.set(conversationId, entry);
  }

  /** Where the capture's text stands; undefined: never asked to read it. */
  state(conversationId: string): CaptureTextState | undefined {
    return this.entries.get(conversationId)?.state;
  }

  /** The capture's text once read; undefined if it cannot be, or is not read within `waitMs`. */
  async text(conversationId: string, waitMs = Infinity): Promise<CaptureText | undefined> {
    const entry = this.entries.get(conversationId);
    if (!entry) return undefined;
    return waitMs === Infinity ? entry.read : withinOrUndefined(entry.read, waitMs);
  }

  /**
   * The capture's text section for the model: only with the conversation's
   * first question (the one the image comes with), when the setting is on,
   * and if the text is read within a few seconds (it started when the
   * capture opened, so it usually is).
   */
  async sectionFor(
    conversation: Conversation,
    request: AskRequest,
    settings: ChatSettings,
    image: () => Promise<ImageSource>,
  ): Promise<string | undefined> {
    const questions = conversation.turns.filter((turn) => turn.role === 'user').length;
    const first = request.mode === 'ask' ? questions === 0 : request.mode === 'edit' && questions === 1;
    if (!first || !settings.captureTextToModel || request.action === 'transcribe') return undefined;
    this.read(conversation.id, image);
    const text = await this.text(conversation.id, captureTextWaitMs);
    return text && captureTextSection(text.text);
  }

  /** "Transcribe the text", answered from the text layer: no model is asked. */
  transcript(conversationId: string, language: AnswerLanguage, image: () => Promise<ImageSource>): AnswerStream {
    this.read(conversationId, image);
    return transcriptAnswer(
      this.text(conversationId),
      () => {
        const state = this.state(conversationId);
        return state?.state === 'failed' ? state.reason : 'the capture is gone.';
      },
      (text) => (language === 'question' ? text.language : language),
    );
  }

  onChange(listener: (change: CaptureTextChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  forget(conversationId: string): void {
    this.entries.delete(conversationId);
  }

  dispose(): void {
    this.listeners.clear();
  }

  private set(conversationId: string, entry: Entry): void {
    this.entries.set(conversationId, entry);
    while (this.entries.size > kept) this.entries.delete(this.entries.keys().next().value as string);
  }

  private settle(conversationId: string, entry: Entry, state: CaptureTextState): void {
    entry.state = state;
    // A forgotten capture (deleted, or pushed out by newer ones) is no one's news.
    if (this.entries.get(conversationId) !== entry) return;
    for (const listener of this.listeners) listener({ conversationId, text: state });
  }
}

const none = Promise.resolve(undefined);
