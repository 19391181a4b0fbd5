// The names of a conversation's later-capture files, and the rule that keeps
// later captures through a save from an older copy: what the history store
// itself needs of them (later-captures.ts adds and reads them). Node only.
import type { Conversation } from '../../common/conversation.js';
import { captureCount } from '../../common/conversation-captures.js';

/** A later capture's file name in the conversation's folder. */
export type LaterCaptureFile = `capture-${number}.png`;

export function laterCaptureFile(index: number): LaterCaptureFile {
  if (!Number.isInteger(index) || index < 1) throw new RangeError(`There is no later capture ${index}.`);
  return `capture-${index}.png`;
}

/** Every later capture's file name a conversation has. */
export function laterCaptureFiles(conversation: Conversation | undefined): LaterCaptureFile[] {
  const count = conversation ? captureCount(conversation) : 1;
  return Array.from({ length: count - 1 }, (_, i) => laterCaptureFile(i + 1));
}

/**
 * The conversation about to be saved, with the later captures the stored one has and it lacks:
 * captures are only ever added, so a save from a copy read before one was added keeps it (the
 * captures both have are the saved copy's).
 */
export function keepLaterCaptures(next: Conversation, stored: Conversation | undefined): Conversation {
  const kept = stored?.laterCaptures ?? [];
  const known = next.laterCaptures ?? [];
  if (kept.length <= known.length) return next;
  return {
    ...next,
    laterCaptures: [...known, ...kept.slice(known.length)],
    updatedAt: Math.max(next.updatedAt, stored?.updatedAt ?? 0),
  };
}
