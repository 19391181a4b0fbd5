// The answers the chat is writing: one per conversation at most. A question
// is saved, its capture's secrets hidden and its text added (redactions.ts,
// capture-additions.ts), then asked where answers come from now (or answered
// from the capture's text for "Transcribe the text"); the answer streams to
// the page while it is saved about once a second (AnswerJournal) and once
// more as it ends. Node only.
import type { ChatSettings } from '../../common/chat-contract.js';
import { chatRefusals } from '../../common/chat-refusals.js';
import {
  applyAnswer,
  applyQuestion,
  engineQuestion,
  type AskRequest,
  type Conversation,
} from '../../common/conversation.js';
import type { AnswerEvent, AnswerRequest, GenerationSettings, ImageSource } from '../../common/engine-protocol.js';
import { messageOf } from '../../common/message-of.js';
import type { AnswerStream } from '../engine-host/engine-host.js';
import { AnswerJournal } from '../history/answer-journal.js';
import { HistoryError, type HistoryStore } from '../history/history-store.js';
import type { CaptureAdditions } from './capture-additions.js';
import type { ImagePreparer } from './capture-preparations.js';
import { ChatError } from './chat-error.js';
import type { Redactions } from './redactions.js';

/** Where answers come from: the local engine or a model server, whichever is chosen now. */
export interface AnswerSource extends ImagePreparer {
  ask(request: AnswerRequest): AnswerStream;
}

/** Receives one answer's events, in order, ending with 'done' or 'error'. */
export type AnswerSink = (event: AnswerEvent) => void;

export interface AnsweringOptions {
  answers: AnswerSource;
  store: HistoryStore;
  settings: () => Promise<ChatSettings>;
  generation: GenerationSettings;
  additions: CaptureAdditions;
  redactions: Redactions;
  /** The conversation with an answer an earlier process left unfinished settled (chat-service.ts). */
  settled: (conversationId: string) => Promise<Conversation>;
  imageSource: (conversationId: string, index?: number) => Promise<ImageSource>;
  now: () => number;
  /** The most time between a streamed delta and its copy on disk (default one second). */
  progressIntervalMs?: number;
}

interface Running {
  conversationId: string;
  stream: AnswerStream;
  /** Settles once the answer is saved and its last event sent. */
  ended?: Promise<void>;
}

export class Answering {
  private readonly running = new Map<string, Running>();
  /** Conversations with a question being asked or answered. */
  private readonly busy = new Set<string>();

  constructor(private readonly options: AnsweringOptions) {}

  /** Whether a question of this conversation is being asked or answered. */
  isBusy(conversationId: string): boolean {
    return this.busy.has(conversationId);
  }

  /**
   * Starts an answer. Resolves once the question is saved and the engine
   * asked; the answer's events then go to `sink`, the last one after the
   * answer is saved. The request was checked against its schema at the
   * host's door. Rejects (ChatError) for a question that cannot be asked now.
   */
  async ask(request: AskRequest, sink: AnswerSink): Promise<void> {
    const { additions, redactions, store } = this.options;
    if (this.running.has(request.answerId)) throw new ChatError(chatRefusals.answerAlreadyRunning);
    if (this.busy.has(request.conversationId)) throw new ChatError(chatRefusals.answerWritingStop);
    // Claimed before the first await: a second question cannot slip in while this one is saved.
    this.busy.add(request.conversationId);
    let stream: AnswerStream;
    let asked: Conversation;
    try {
      // Claimed above, so no answer for it runs in this process: a last question without an answer was cut off.
      const settings = await this.options.settings();
      // Secrets are hidden first: found and filled for a model server, and kept hidden wherever the user hid them (redactions.ts).
      const conversation = await redactions.beforeQuestion(
        await this.options.settled(request.conversationId),
        request,
        settings,
      );
      const image = (index = 0) => this.options.imageSource(conversation.id, index);
      const section = await additions.texts.sectionFor(conversation, request, settings, image);
      const captureText = await redactions.section(conversation, request, section);
      const applied = applyQuestion(conversation, request, this.options.now(), captureText);
      if (!applied.ok) throw new ChatError(applied.reason);
      asked = applied.conversation;
      await store.save(asked);
      const question = asked.turns.at(-1);
      const engine = engineQuestion(asked, settings.answerLanguage);
      stream =
        question?.role === 'user' && question.action === 'transcribe'
          ? additions.texts.transcript(asked, engine.capture, settings.answerLanguage, image)
          : this.options.answers.ask({
              conversationId: asked.id,
              image: await redactions.imageFor(asked, engine.capture, () => image(engine.capture)),
              turns: engine.turns,
              ...(engine.imageTurn > 0 ? { imageTurn: engine.imageTurn } : {}),
              settings: this.options.generation,
            });
    } catch (error) {
      this.busy.delete(request.conversationId);
      throw error;
    }
    const running: Running = { conversationId: asked.id, stream };
    this.running.set(request.answerId, running);
    running.ended = this.pump(request.answerId, asked, stream, sink);
  }

  /** Stops an answer; it ends with done 'stopped'. */
  stop(answerId: string): void {
    this.running.get(answerId)?.stream.stop();
  }

  /** Stops every answer (a page went away, or the host is closing). */
  stopAll(answerIds: Iterable<string> = [...this.running.keys()]): void {
    for (const answerId of answerIds) this.stop(answerId);
  }

  /** Stops the answer being written in a conversation (it is being deleted). */
  stopIn(conversationId: string): void {
    for (const [answerId, running] of this.running) {
      if (running.conversationId === conversationId) this.stop(answerId);
    }
  }

  /** Stops every answer and waits until each is saved (as stopped, with what it had written). */
  async dispose(): Promise<void> {
    const ending = [...this.running.values()].map((running) => running.ended);
    this.stopAll();
    await Promise.all(ending);
  }

  private async pump(answerId: string, asked: Conversation, stream: AnswerStream, sink: AnswerSink): Promise<void> {
    const { store, now, progressIntervalMs } = this.options;
    let text = '';
    let last: Extract<AnswerEvent, { type: 'done' | 'error' }> | undefined;
    const question = asked.turns.at(-1);
    const journal = new AnswerJournal({
      save: (progress) => store.saveProgress(asked.id, progress),
      questionAt: question?.role === 'user' ? question.at : asked.updatedAt,
      now,
      ...(progressIntervalMs !== undefined ? { intervalMs: progressIntervalMs } : {}),
    });
    try {
      for await (const event of stream) {
        if (event.type === 'done' || event.type === 'error') {
          last = event;
          break;
        }
        if (event.type === 'delta') {
          text += event.text;
          journal.add(event.text);
        }
        sink(event);
      }
    } catch (error) {
      last = { type: 'error', error: { code: 'internal', message: messageOf(error) } };
    }
    await journal.close();
    last ??= { type: 'error', error: { code: 'internal', message: 'The answer ended without finishing.' } };
    const end =
      last.type === 'done'
        ? { outcome: last.reason }
        : { outcome: 'error' as const, error: last.error.message, errorCode: last.error.code };
    try {
      await store.save(applyAnswer(asked, text, end, now()));
    } catch (error) {
      // Deleted while answering, or the disk refused: the page still gets its answer.
      if (!(error instanceof HistoryError)) console.error('Sightline: could not save the answer:', error);
    }
    this.running.delete(answerId);
    this.busy.delete(asked.id);
    sink(last);
  }
}
