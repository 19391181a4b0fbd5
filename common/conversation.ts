// A conversation and the pure rules every end must agree on: how a question
// or an answer changes a conversation, what an answer cut off by a closed app
// becomes, and which turns the engine sees. The page's copy of a
// conversation and the stored one follow the same rules, so they cannot
// drift apart. The channels that carry them are in chat-contract.ts.
import * as z from 'zod/mini';
import { chatRefusals } from './chat-refusals.js';
import './schema.js';
import { PixelRect } from './pixel-rect.js';
import { EngineErrorCode, type Turn } from './engine-protocol.js';
import { maxCaptureTextChars } from './capture-text.js';
import { CaptureRedaction } from './redaction.js';
import type { AnswerLanguage } from './settings.js';

// --- conversations -----------------------------------------------------------

/** Quick actions offered on a fresh capture; each has a default question (in the page's language). */
export const QuickAction = z.enum(['explain-error', 'ui-problem', 'transcribe', 'alt-text']);
export type QuickAction = z.infer<typeof QuickAction>;
export const quickActions: readonly QuickAction[] = QuickAction.options;

/** Conversation ids are also folder names in the history: nothing that could leave the folder. */
export const ConversationId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{5,63}$/, 'a conversation id'));
export const AnswerId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'an answer id'));

export const maxQuestionLength = 100_000;
const Question = z.string().check(z.minLength(1), z.maxLength(maxQuestionLength));

/**
 * How an answer ended: the engine's done reasons, an error (its message kept for the page), or
 * 'interrupted': the process holding it died (a kill, a crash, a power cut) and the answer is what
 * had been saved of it as it streamed.
 */
export const AnswerOutcome = z.enum(['eos', 'length', 'stopped', 'error', 'interrupted']);
export type AnswerOutcome = z.infer<typeof AnswerOutcome>;

export const UserTurn = z.object({
  role: z.literal('user'),
  text: Question,
  action: z.optional(QuickAction),
  /**
   * The capture's text as the model was given it with this question
   * (captureTextSection), kept so that every later request sends the very
   * same turns and the engine's key/value cache still matches.
   */
  captureText: z.optional(z.string().check(z.maxLength(4 * maxCaptureTextChars))),
  /** The capture the question is about (0: the first, n: laterCaptures[n-1]); absent: 0. */
  capture: z.optional(z.number().check(z.int(), z.positive())),
  at: z.number(),
});
export type UserTurn = z.infer<typeof UserTurn>;

export const AssistantTurn = z.object({
  role: z.literal('assistant'),
  /** Exactly as streamed: the engine's key/value cache matches a follow-up only on the same text. */
  text: z.string(),
  outcome: AnswerOutcome,
  error: z.optional(z.string()),
  /** What kind of failure (the page words it in its own language); absent in conversations saved before. */
  errorCode: z.optional(EngineErrorCode),
  at: z.number(),
});
export type AssistantTurn = z.infer<typeof AssistantTurn>;

export const ChatTurn = z.discriminatedUnion('role', [UserTurn, AssistantTurn]);
export type ChatTurn = z.infer<typeof ChatTurn>;

export const CaptureInfo = z.object({
  width: z.number().check(z.int(), z.positive()),
  height: z.number().check(z.int(), z.positive()),
  bytes: z.number().check(z.int(), z.nonnegative()),
  /** The areas filled opaque before this capture went to a model (host/chat/redactions.ts); absent: none were. */
  redaction: z.optional(CaptureRedaction),
});
export type CaptureInfo = z.infer<typeof CaptureInfo>;

/** A region of a capture, in that capture's own pixels. */
export const CaptureRect = PixelRect;
export type CaptureRect = PixelRect;

/**
 * A capture added to a conversation after its first (conversation-captures.ts): a part of an
 * earlier capture looked at closer (cut from that capture's full-resolution file), or the same
 * region captured again. Its index is its place in laterCaptures plus one.
 */
export const LaterCapture = z.extend(CaptureInfo, {
  origin: z.enum(['closer-look', 'repeat']),
  at: z.number(),
  /** A closer look: the capture it was cut from (its index) and where. */
  from: z.optional(z.object({ capture: z.number().check(z.int(), z.nonnegative()), rect: CaptureRect })),
});
export type LaterCapture = z.infer<typeof LaterCapture>;

export const Conversation = z.object({
  version: z.literal(1),
  id: ConversationId,
  /** The first question, shortened; empty until one is asked. */
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  capture: CaptureInfo,
  /** Captures added since, in order (absent in conversations saved before there were any). */
  laterCaptures: z.optional(z.array(LaterCapture)),
  turns: z.array(ChatTurn),
});
export type Conversation = z.infer<typeof Conversation>;

/** The most a capture's thumbnail weighs: one comes with each conversation listed. */
export const maxThumbnailBytes = 20 * 1024;
/** A capture's thumbnail as a listing carries it: a small JPEG or PNG, as a data: URL. */
export const ThumbnailUrl = z
  .string()
  .check(
    z.maxLength(Math.ceil(maxThumbnailBytes / 3) * 4 + 32),
    z.regex(/^data:image\/(?:jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/, 'a thumbnail'),
  );
/** The most of a conversation's words a listing carries for searching. */
export const maxSearchTextChars = 6000;

export const ConversationSummary = z.object({
  id: ConversationId,
  /** In a listing, what the conversation is about (host/history/conversation-title.ts); may be empty. */
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  capture: CaptureInfo,
  questions: z.number(),
  /** The first question's quick action, if it was one: the page names it in its language. */
  action: z.optional(QuickAction),
  /** A small image of the capture, once the host made it. */
  thumbnail: z.optional(ThumbnailUrl),
  /** The questions, answers and capture text a search looks in (shortened). */
  searchText: z.optional(z.string().check(z.maxLength(maxSearchTextChars))),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export function summarize(conversation: Conversation): ConversationSummary {
  return {
    id: conversation.id,
    title: conversation.title,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    capture: conversation.capture,
    questions: conversation.turns.filter((turn) => turn.role === 'user').length,
  };
}

// --- asking --------------------------------------------------------------------

/**
 * One question about a conversation. 'ask' adds a question; 'regenerate'
 * answers the last question again (also the retry after an error);
 * 'edit' replaces the last question and answers it.
 */
export const AskRequest = z
  .object({
    answerId: AnswerId,
    conversationId: ConversationId,
    mode: z.enum(['ask', 'regenerate', 'edit']),
    question: z.optional(Question),
    action: z.optional(QuickAction),
  })
  .check(
    z.refine((request) => request.mode === 'regenerate' || request.question !== undefined, {
      message: 'ask and edit need a question',
      path: ['question'],
    }),
  );
export type AskRequest = z.infer<typeof AskRequest>;

export type ApplyResult = { ok: true; conversation: Conversation } | { ok: false; reason: string };

const titleLength = 80;

function titleOf(turns: readonly ChatTurn[]): string {
  const first = turns.find((turn) => turn.role === 'user');
  if (!first) return '';
  const line = first.text.replace(/\s+/g, ' ').trim();
  return line.length > titleLength ? `${line.slice(0, titleLength - 1)}…` : line;
}

/** The conversation with the request's question in place, ready to be answered. */
/**
 * The conversation with the question applied. `captureText`: the capture's
 * text section (captureTextSection) to give the model with this question.
 */
export function applyQuestion(
  conversation: Conversation,
  request: AskRequest,
  now: number,
  captureText?: string,
): ApplyResult {
  const context = captureText ? { captureText } : {};
  const turns = [...conversation.turns];
  if (request.mode === 'ask') {
    // A question is about the latest capture; an edited one stays about its own.
    const latest = conversation.laterCaptures?.length ?? 0;
    turns.push({
      role: 'user',
      text: request.question ?? '',
      ...(request.action ? { action: request.action } : {}),
      ...context,
      ...(latest > 0 ? { capture: latest } : {}),
      at: now,
    });
  } else {
    if (turns.at(-1)?.role === 'assistant') turns.pop();
    const last = turns.at(-1);
    if (!last || last.role !== 'user') return { ok: false, reason: chatRefusals.noQuestionToRetry };
    if (request.mode === 'edit') {
      const about = last.capture !== undefined ? { capture: last.capture } : {};
      turns[turns.length - 1] = { role: 'user', text: request.question ?? last.text, ...context, ...about, at: now };
    }
  }
  return { ok: true, conversation: { ...conversation, turns, title: titleOf(turns), updatedAt: now } };
}

/** The conversation once its last question got an answer (or failed; a failure keeps what streamed). */
export function applyAnswer(
  conversation: Conversation,
  text: string,
  end: { outcome: AnswerOutcome; error?: string; errorCode?: EngineErrorCode },
  now: number,
): Conversation {
  const turn: AssistantTurn = {
    role: 'assistant',
    text,
    outcome: end.outcome,
    ...(end.error !== undefined ? { error: end.error } : {}),
    ...(end.errorCode !== undefined ? { errorCode: end.errorCode } : {}),
    at: now,
  };
  return { ...conversation, turns: [...conversation.turns, turn], updatedAt: now };
}

/** What was saved of an answer while it streamed (the history store's answer-in-progress file). */
export const AnswerProgress = z.object({
  /** The `at` of the question it answers: progress left from another question is not this answer's. */
  questionAt: z.number(),
  text: z.string(),
  savedAt: z.number(),
});
export type AnswerProgress = z.infer<typeof AnswerProgress>;

/**
 * The conversation as it stands when no answer is being written for it: a last question without
 * an answer was cut off by the end of the process that was answering it, and gets the answer that
 * was saved as it streamed (or an empty one), marked interrupted. So a conversation never holds
 * two questions in a row, and the page offers Regenerate.
 */
export function settleUnanswered(conversation: Conversation, progress: AnswerProgress | undefined): Conversation {
  const last = conversation.turns.at(-1);
  if (last?.role !== 'user') return conversation;
  const saved = progress?.questionAt === last.at ? progress : undefined;
  return applyAnswer(conversation, saved?.text ?? '', { outcome: 'interrupted' }, saved?.savedAt ?? last.at);
}

/**
 * The instruction put before every question sent to the engine. The same text
 * before every question keeps the conversation's earlier turns identical from
 * one request to the next, so the engine's key/value cache still matches.
 */
export function answerInstruction(language: AnswerLanguage): string {
  switch (language) {
    case 'en':
      return 'Answer in English.';
    case 'fr':
      return 'Answer in French.';
    case 'question':
      return 'Answer in the language this question is written in.';
  }
}

/** What the engine is asked: the turns, the capture the last question is about, and the turn its image goes with. */
export interface EngineQuestion {
  turns: Turn[];
  /** The capture's index (0: conversation.capture, n: laterCaptures[n-1]). */
  capture: number;
  /** The index in `turns` of the first question about that capture: its image goes there, earlier turns are text. */
  imageTurn: number;
}

/**
 * The turns the engine answers: answered question-and-answer pairs (a pair
 * whose answer failed or is empty was never remembered by the engine and is
 * left out), then the last question, each question behind the instruction
 * and the capture's text it was asked with.
 */
export function engineQuestion(conversation: Conversation, language: AnswerLanguage): EngineQuestion {
  const instruction = answerInstruction(language);
  const question = (turn: UserTurn): Turn => ({
    role: 'user',
    text: [instruction, turn.captureText, turn.text].filter(Boolean).join('\n\n'),
  });
  const turns: Turn[] = [];
  const captures: number[] = [];
  const all = conversation.turns;
  for (let i = 0; i < all.length; i++) {
    const turn = all[i]!;
    if (turn.role !== 'user') continue;
    const answer = all[i + 1];
    const last = i === all.length - 1;
    const answered = answer?.role === 'assistant' && answer.outcome !== 'error' && answer.text.trim() !== '';
    if (!last && !answered) continue;
    captures[turns.length] = turn.capture ?? 0;
    turns.push(question(turn));
    if (answered) turns.push({ role: 'assistant', text: answer.text });
  }
  const capture = captures.at(-1) ?? 0;
  const imageTurn = captures.findIndex((about) => about === capture);
  return { turns, capture, imageTurn: Math.max(0, imageTurn) };
}

/** The turns of engineQuestion, for a conversation about its first capture. */
export function engineTurns(conversation: Conversation, language: AnswerLanguage): Turn[] {
  return engineQuestion(conversation, language).turns;
}
