// Finished answers, parsed once: the last few answers' blocks, by their text.
// A streamed answer hands over the blocks it built; an answer reopened from
// history is parsed on first sight.
import { parseMarkdown, type MarkdownSnapshot } from '../markdown/stream.js';

const parsed = new Map<string, MarkdownSnapshot>();
const parsedLimit = 64;

/** A finished answer's blocks. */
export function parsedAnswer(text: string): MarkdownSnapshot {
  let snapshot = parsed.get(text);
  if (!snapshot) {
    snapshot = parseMarkdown(text);
    rememberParsed(text, snapshot);
  }
  return snapshot;
}

/** Keeps `snapshot` as the blocks of `text` (the oldest goes past the limit). */
export function rememberParsed(text: string, snapshot: MarkdownSnapshot): void {
  parsed.set(text, snapshot);
  if (parsed.size > parsedLimit) parsed.delete(parsed.keys().next().value as string);
}
