// The capture's text as it goes to the model beside the redacted image:
// what lies under each hidden box is replaced by a marker — "[hidden: api
// key]" where the box is a finding's, "[hidden]" where the user drew it — so
// the text says no more than the image. A finding the user turned off stays
// as read.
import type { CaptureText } from '../../common/capture-text.js';
import { contains } from '../../common/geometry.js';
import type { RedactionBox, SecretKind } from '../../common/redaction.js';
import type { FoundSecret } from './find-secrets.js';
import { coveredChars } from './line-geometry.js';

/** How the model reads each kind where it was hidden. */
const kindWords: Record<SecretKind, string> = {
  'api-key': 'api key',
  token: 'token',
  secret: 'secret',
  'private-key': 'private key',
  password: 'password',
  email: 'e-mail address',
  authorization: 'credential',
  'connection-string': 'credentials',
};

export function hiddenMarker(kind: SecretKind | undefined): string {
  return kind ? `[hidden: ${kindWords[kind]}]` : '[hidden]';
}

interface Masked {
  start: number;
  end: number;
  kind: SecretKind | undefined;
}

/** The text with everything under `boxes` masked; `findings` are the secrets found in this same text. */
export function maskCaptureText(
  text: CaptureText,
  boxes: readonly RedactionBox[],
  findings: readonly FoundSecret[],
): CaptureText {
  const masks = maskedRanges(text, boxes, findings);
  const lines = text.lines.map((line, index) => ({ ...line, text: maskLine(line.text, masks[index]!) }));
  return { ...text, lines, text: lines.map((line) => line.text).join('\n') };
}

/**
 * A capture text section (captureTextSection, or one a question kept) masked
 * by the same boxes: each line of the text it holds is replaced by its masked
 * form, then any hidden stretch still left (a line cut at the section's start,
 * where a long text keeps only its end) by its marker.
 */
export function maskSection(
  section: string,
  text: CaptureText,
  boxes: readonly RedactionBox[],
  findings: readonly FoundSecret[],
): string {
  const masks = maskedRanges(text, boxes, findings);
  let masked = section;
  text.lines.forEach((line, index) => {
    const ranges = masks[index]!;
    if (ranges.length > 0 && line.text.trim() !== '')
      masked = masked.replaceAll(line.text, maskLine(line.text, ranges));
  });
  // A long text's section keeps its end: its first line can be the tail of a line, a secret cut in two.
  const cut = /\[…\]\n([^\n]+)/.exec(masked);
  const tail = cut?.[1];
  const whole = tail === undefined ? -1 : text.lines.findIndex((line) => line.text.endsWith(tail));
  if (cut && tail !== undefined && whole >= 0) {
    const offset = text.lines[whole]!.text.length - tail.length;
    const shifted = masks[whole]!.flatMap((range) =>
      range.end > offset ? [{ ...range, start: Math.max(0, range.start - offset), end: range.end - offset }] : [],
    );
    masked = masked.replace(cut[0], `[…]\n${maskLine(tail, shifted)}`);
  }
  for (const [index, ranges] of masks.entries()) {
    for (const range of merge(ranges)) {
      const secret = text.lines[index]!.text.slice(range.start, range.end).trim();
      if (secret.length >= 4) masked = masked.replaceAll(secret, hiddenMarker(range.kind));
    }
  }
  return masked;
}

/** For each line, the stretches under a box: a finding's with its kind, the rest of a drawn box's without. */
function maskedRanges(text: CaptureText, boxes: readonly RedactionBox[], findings: readonly FoundSecret[]): Masked[][] {
  const masks = text.lines.map(() => [] as Masked[]);
  const drawn: RedactionBox[] = [];
  for (const box of boxes) {
    for (const finding of findings.filter((secret) => contains(box, secret.box))) {
      for (const span of finding.spans) masks[span.line]!.push({ ...span, kind: finding.kind });
    }
    if (!findings.some((secret) => sameBox(box, secret.box))) drawn.push(box);
  }
  text.lines.forEach((line, index) => {
    for (const box of drawn) {
      const covered = coveredChars(line, box);
      if (covered) masks[index]!.push({ ...covered, kind: undefined });
    }
  });
  return masks;
}

function merge(masks: readonly Masked[]): Masked[] {
  const merged: Masked[] = [];
  for (const mask of [...masks].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && mask.start <= last.end) {
      last.end = Math.max(last.end, mask.end);
      last.kind ??= mask.kind;
    } else merged.push({ ...mask });
  }
  return merged;
}

function maskLine(line: string, masks: readonly Masked[]): string {
  if (masks.length === 0) return line;
  let text = '';
  let at = 0;
  for (const mask of merge(masks)) {
    text += line.slice(at, mask.start) + hiddenMarker(mask.kind);
    at = mask.end;
  }
  return text + line.slice(at);
}

function sameBox(a: RedactionBox, b: RedactionBox): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}
