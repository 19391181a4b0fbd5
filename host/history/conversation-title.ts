// What the history calls a conversation: what it is about, not the question
// that opened it (a quick action's prompt reads the same every time). The
// first sentence of the first answer, markdown taken out; with no answer yet,
// the first real line of the capture's text; then a question typed by the
// user. Derived whenever the history is listed, from what is stored, so that
// conversations saved by earlier versions (whose title is their question)
// get the same kind of title, and nothing stored changes.
import type { Conversation } from '../../common/conversation.js';

/** About one line of the history's list. */
export const maxTitleChars = 80;

/** The title of a conversation, or '' when there is nothing to call it by (the page then names the capture). */
export function conversationTitle(conversation: Conversation, captureText: string | undefined): string {
  for (const turn of conversation.turns) {
    if (turn.role !== 'assistant' || turn.outcome === 'error') continue;
    const title = titleFromAnswer(turn.text);
    if (title) return title;
  }
  const fromCapture = captureText === undefined ? '' : titleFromCaptureText(captureText);
  if (fromCapture) return fromCapture;
  const typed = conversation.turns.find((turn) => turn.role === 'user' && !turn.action);
  return typed ? shorten(typed.text.replace(/\s+/g, ' ').trim()) : '';
}

/** The first sentence of an answer's first paragraph (a heading only when nothing else has words). */
export function titleFromAnswer(markdown: string): string {
  const lines = proseLines(markdown);
  const line = lines.find((candidate) => !candidate.heading) ?? lines[0];
  return line ? shorten(firstSentence(withoutPreamble(line.text))) : '';
}

/** The first line of a capture's text that reads like words (a lone word, a clock, a rule are passed over). */
export function titleFromCaptureText(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => /\p{L}.*\p{L}/u.test(line));
  const wordy = lines.find((line) => line.split(' ').filter((word) => /\p{L}{2}/u.test(word)).length >= 2);
  return shorten(withoutFinalStop(wordy ?? lines[0] ?? ''));
}

interface ProseLine {
  text: string;
  heading: boolean;
}

/** An answer's lines as plain text: code blocks, tables and rules left out, inline markup taken off. */
function proseLines(markdown: string): ProseLine[] {
  const lines: ProseLine[] = [];
  let fence: string | undefined;
  for (const raw of markdown.split('\n')) {
    const fenceMark = /^\s*(`{3,}|~{3,})/.exec(raw)?.[1];
    if (fenceMark && (!fence || fenceMark.startsWith(fence))) {
      fence = fence ? undefined : fenceMark;
      continue;
    }
    if (fence || /^\s*\|/.test(raw) || /^\s*([-*_])(\s*\1){2,}\s*$/.test(raw)) continue;
    const heading = /^\s*#{1,6}\s/.test(raw);
    const text = inlinePlain(
      raw
        .replace(/^\s*#{1,6}\s+/, '')
        .replace(/^\s*(>\s*)+/, '')
        .replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, ''),
    );
    if (/\p{L}/u.test(text)) lines.push({ text, heading });
  }
  return lines;
}

function inlinePlain(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<(https?:[^>\s]+)>/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*{1,3}|~~)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/(?<!\w)(_{1,3})(\S(?:.*?\S)?)\1(?!\w)/g, '$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "The image shows an error dialog…" is about the dialog: the lead-in models like to write goes. */
function withoutPreamble(text: string): string {
  const rest = text
    .replace(/^(?:the|this) (?:image|screenshot|capture|picture) (?:shows|displays|contains|is)\s+/i, '')
    .replace(
      /^(?:l['’]image|la capture(?: d['’]écran)?|cette (?:image|capture(?: d['’]écran)?)) (?:montre|affiche|contient|est)\s+/i,
      '',
    );
  return rest === text ? text : rest.charAt(0).toLocaleUpperCase() + rest.slice(1);
}

function firstSentence(text: string): string {
  const end = /[.!?…](?=\s)/.exec(text);
  return withoutFinalStop(end ? text.slice(0, end.index + 1) : text);
}

/** A title does not end with a full stop (or with the colon that leads into a list). */
function withoutFinalStop(text: string): string {
  return text.replace(/[.:]$/, '').trim();
}

/** At most maxTitleChars, cut between words, with an ellipsis when cut. */
function shorten(text: string): string {
  if (text.length <= maxTitleChars) return text;
  const cut = text.slice(0, maxTitleChars - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxTitleChars / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
