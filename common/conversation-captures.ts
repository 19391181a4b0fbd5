// A conversation's captures, by index: 0 is the capture it was opened on
// (conversation.capture), n ≥ 1 the later ones (laterCaptures[n-1]), added by
// a closer look in the zoom or by capturing the same region again. Each
// question is about one of them (UserTurn.capture); the page and the host
// place and count them by these same rules.
import type { AskRequest, CaptureInfo, ChatTurn, Conversation, LaterCapture } from './conversation.js';
import type { CaptureRedaction } from './redaction.js';

/** The most captures one conversation holds, the first included. */
export const maxCapturesPerConversation = 100;

export function captureCount(conversation: Conversation): number {
  return 1 + (conversation.laterCaptures?.length ?? 0);
}

/** The capture at `index`, or undefined when the conversation has none there. */
export function captureAt(conversation: Conversation, index: number): CaptureInfo | LaterCapture | undefined {
  if (!Number.isInteger(index) || index < 0) return undefined;
  return index === 0 ? conversation.capture : conversation.laterCaptures?.[index - 1];
}

/** The capture a question is about. */
export function captureOfTurn(turn: ChatTurn): number {
  return turn.role === 'user' ? (turn.capture ?? 0) : 0;
}

/** The capture a request is about: a new question, the latest; a question asked again, its own. */
export function captureOfRequest(conversation: Conversation, request: Pick<AskRequest, 'mode'>): number {
  if (request.mode === 'ask') return captureCount(conversation) - 1;
  const last = conversation.turns.findLast((turn) => turn.role === 'user');
  return last ? captureOfTurn(last) : 0;
}

/** The conversation with capture `index`'s redaction recorded (unchanged when it has no such capture). */
export function withRedaction(conversation: Conversation, index: number, redaction: CaptureRedaction): Conversation {
  if (index === 0) return { ...conversation, capture: { ...conversation.capture, redaction } };
  const later = [...(conversation.laterCaptures ?? [])];
  const capture: LaterCapture | undefined = later[index - 1];
  if (!capture) return conversation;
  later[index - 1] = { ...capture, redaction };
  return { ...conversation, laterCaptures: later };
}

/** The conversation with one more capture at its end (the questions from now on are about it). */
export function withLaterCapture(conversation: Conversation, capture: LaterCapture): Conversation {
  return {
    ...conversation,
    laterCaptures: [...(conversation.laterCaptures ?? []), capture],
    updatedAt: Math.max(conversation.updatedAt, capture.at),
  };
}

/**
 * Where each later capture shows in the thread: before the first question about it (or a later
 * one), else after the last turn. Returns, for each turn index, the later captures shown before
 * it; the key `turns.length` holds those shown after the last turn.
 */
export function laterCapturesBefore(conversation: Conversation): Map<number, number[]> {
  const placed = new Map<number, number[]>();
  const turns = conversation.turns;
  const count = captureCount(conversation);
  for (let index = 1; index < count; index++) {
    const at = turns.findIndex((turn) => turn.role === 'user' && captureOfTurn(turn) >= index);
    const where = at < 0 ? turns.length : at;
    placed.set(where, [...(placed.get(where) ?? []), index]);
  }
  return placed;
}
