// What looks secret in a capture, found in its text layer: the one-line rules
// of secret-patterns.ts, plus two that span lines — a PEM private-key block
// (every line between BEGIN and END) and a password field whose value sits
// beside or under its label ("Password" / « Mot de passe », then the typed
// value or a row of bullets). Each finding has its character ranges (to mask
// the text sent with the question) and a box in capture pixels (to fill in the
// image that leaves). Pure: the review, the masking and the tests call it.
import type { CaptureText, CaptureTextLine } from '../../common/capture-text.js';
import type { RedactionBox, SecretKind } from '../../common/redaction.js';
import { boundingRect } from '../../common/geometry.js';
import { spanBox } from './line-geometry.js';
import { lineMatches } from './secret-patterns.js';

/** A stretch of one line's text: [start, end) character offsets. */
export interface TextSpan {
  line: number;
  start: number;
  end: number;
}

export interface FoundSecret {
  kind: SecretKind;
  spans: TextSpan[];
  /** Where it is in the capture: the spans' boxes together, padded (line-geometry.ts). */
  box: RedactionBox;
}

/** Everything that looks secret in the capture's text, in reading order. */
export function findSecrets(text: CaptureText): FoundSecret[] {
  const lines = text.lines;
  const taken = lines.map(() => [] as Array<[number, number]>);
  const found: Array<{ kind: SecretKind; spans: TextSpan[] }> = [];
  const claim = (kind: SecretKind, spans: TextSpan[]) => {
    if (spans.length === 0) return;
    for (const span of spans) taken[span.line]!.push([span.start, span.end]);
    found.push({ kind, spans });
  };
  const free = (span: TextSpan) =>
    taken[span.line]!.every(([start, end]) => span.end <= start || span.start >= end) && span.end > span.start;

  for (const block of privateKeyBlocks(lines)) claim('private-key', block);
  lines.forEach((line, index) => {
    for (const match of lineMatches(line.text)) {
      const span = trimmed(line.text, { line: index, start: match.start, end: match.end });
      if (free(span)) claim(match.kind, [span]);
    }
  });
  for (const span of passwordFields(lines)) if (free(span)) claim('password', [span]);

  return found
    .map(({ kind, spans }) => ({
      kind,
      spans,
      box: boundingRect(spans.map((span) => spanBox(lines[span.line]!, span.start, span.end, text))),
    }))
    .sort((a, b) => a.spans[0]!.line - b.spans[0]!.line || a.spans[0]!.start - b.spans[0]!.start);
}

/** The span without spaces at either end. */
function trimmed(text: string, span: TextSpan): TextSpan {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start += 1;
  while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
  return { line: span.line, start, end };
}

const beginKey = /BEGIN\s+[A-Z0-9 ]*PRIVATE\s+KEY/i;
const endKey = /END\s+[A-Z0-9 ]*PRIVATE\s+KEY/i;
/** A line of a PEM body: base64, or a header such as Proc-Type (kept: a block can be cut by the capture's edge). */
const keyBody = /^\s*(?:[A-Za-z0-9+/=]{8,}|[A-Za-z-]+:\s.*)\s*$/;

/**
 * The body lines of each private-key block. The BEGIN and END lines stay
 * readable (they say what was hidden); a block without its END (cut by the
 * capture's edge) ends at the last line that reads as base64.
 */
function privateKeyBlocks(lines: readonly CaptureTextLine[]): TextSpan[][] {
  const blocks: TextSpan[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!beginKey.test(lines[i]!.text)) continue;
    const block: TextSpan[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const text = lines[j]!.text;
      if (endKey.test(text)) break;
      if (!keyBody.test(text)) break;
      block.push(trimmed(text, { line: j, start: 0, end: text.length }));
    }
    blocks.push(block);
    i = j;
  }
  return blocks;
}

/** A field label: "Password", "New password", « Mot de passe », « Confirmer le mot de passe », alone or with a colon. */
const passwordLabel =
  /^\s*(?:(?:new|current|old|confirm|repeat|your)\s+)?(?:password|passphrase|passcode|mot de passe|(?:nouveau|ancien|confirmer le|votre)\s+mot de passe)\s*[:：]?\s*/i;
/** What a field shows for a hidden password: bullets, dots or asterisks (OCR reads them as any of these). */
const bullets = /^[\s•●·∙◦○*.°oO0]+$/u;

/**
 * The values of password fields: after the label on the same line ("Password
 * hunter2", "Password: ••••••"), or the line under the label when the label
 * stands alone (a form with labels above fields). A sentence about passwords
 * ("Password must be 12 characters") is not a field: the value must be one
 * word or a row of bullets.
 */
function passwordFields(lines: readonly CaptureTextLine[]): TextSpan[] {
  const spans: TextSpan[] = [];
  lines.forEach((line, index) => {
    const label = passwordLabel.exec(line.text);
    if (!label) return;
    const rest = line.text.slice(label[0].length);
    if (rest.trim() !== '') {
      if (isFieldValue(rest))
        spans.push(trimmed(line.text, { line: index, start: label[0].length, end: line.text.length }));
      return;
    }
    const below = fieldUnder(lines, index);
    if (below !== undefined)
      spans.push(trimmed(lines[below]!.text, { line: below, start: 0, end: lines[below]!.text.length }));
  });
  return spans;
}

function isFieldValue(text: string): boolean {
  const value = text.trim();
  return bullets.test(value) || /^\S{1,128}$/.test(value);
}

/** The line just under a label, starting near it (the field it labels), if it holds a field's value. */
function fieldUnder(lines: readonly CaptureTextLine[], labelIndex: number): number | undefined {
  const label = lines[labelIndex]!.box;
  let best: number | undefined;
  lines.forEach((line, index) => {
    const box = line.box;
    const gap = box.y - (label.y + label.height);
    const nearBelow = gap >= -label.height * 0.3 && gap <= label.height * 3;
    const aligned = Math.abs(box.x - label.x) <= Math.max(label.height * 4, label.width);
    if (index === labelIndex || !nearBelow || !aligned || !isFieldValue(line.text)) return;
    if (best === undefined || box.y < lines[best]!.box.y) best = index;
  });
  return best;
}
