// Where characters are within a line of the text layer. OCR gives one box per
// line, not per character, so the part of a line's box that holds a stretch
// of its text is estimated from character offsets: once as if the font were
// monospaced (terminals, code: each character the same width) and once with
// the usual widths of a proportional UI font (an "i" a third of an "m", capitals
// wider), and the two are joined, then padded by most of a character on each
// side and a fifth of the line's height above and below. The box can take a
// little of the text beside a secret; it must never leave an edge of the
// secret showing. The tests check the estimate against Chromium's own boxes
// for both kinds of font.
import type { TextBox } from '../../common/capture-text.js';
import type { RedactionBox } from '../../common/redaction.js';

interface LineLike {
  text: string;
  box: TextBox;
}

/** Padding, in average character widths (horizontally) and line heights (vertically). */
const padChars = 0.8;
const padLines = 0.2;

/** The box of `text[start, end)` in a line, padded and kept inside the capture. */
export function spanBox(
  line: LineLike,
  start: number,
  end: number,
  capture: { width: number; height: number },
): RedactionBox {
  const { lead, edges } = charEdges(line);
  const from = Math.min(Math.max(0, start - lead), edges.length - 1);
  const to = Math.max(from + 1, Math.min(edges.length, end - lead));
  const { y, width, height } = line.box;
  const pad = Math.max(2, (padChars * width) / Math.max(1, edges.length));
  if (edges.length === 0)
    return clampBox({ left: line.box.x, top: y, right: line.box.x + width, bottom: y + height }, capture);
  return clampBox(
    {
      left: Math.min(...edges.slice(from, to).map((edge) => edge.left)) - pad,
      right: Math.max(...edges.slice(from, to).map((edge) => edge.right)) + pad,
      top: y - padLines * height,
      bottom: y + height + padLines * height,
    },
    capture,
  );
}

/**
 * Where each inked character of a line may be: from the leftmost to the
 * rightmost of its monospaced and proportional estimates. `lead`: the
 * indentation's length, which the line's box does not cover.
 */
function charEdges(line: LineLike): { lead: number; edges: Array<{ left: number; right: number }> } {
  const lead = line.text.length - line.text.trimStart().length;
  const chars = [...line.text.slice(lead).trimEnd()];
  const { x, width } = line.box;
  const widths = chars.map(proportionalWidth);
  const total = widths.reduce((sum, w) => sum + w, 0) || 1;
  const edges: Array<{ left: number; right: number }> = [];
  let before = 0;
  chars.forEach((_, i) => {
    const even = { left: x + (width * i) / chars.length, right: x + (width * (i + 1)) / chars.length };
    const left = x + (width * before) / total;
    before += widths[i]!;
    const right = x + (width * before) / total;
    edges.push({ left: Math.min(even.left, left), right: Math.max(even.right, right) });
  });
  return { lead, edges };
}

/** A character's width in a proportional sans-serif font, in thousandths of an em (Arial's, rounded). */
function proportionalWidth(char: string): number {
  if (/[ijl.,:;'|!]/.test(char)) return 230;
  if (/[ftrI\s\-()[\]{}"]/.test(char)) return 310;
  if (/[mw]/.test(char)) return 800;
  if (/[MW@%]/.test(char)) return 900;
  if (/[A-Z]/.test(char)) return 680;
  return 540;
}

/** Edges rounded outward to whole pixels, inside the capture, at least a pixel each way. */
export function clampBox(
  edges: { left: number; top: number; right: number; bottom: number },
  capture: { width: number; height: number },
): RedactionBox {
  const left = Math.max(0, Math.min(capture.width - 1, Math.floor(edges.left)));
  const top = Math.max(0, Math.min(capture.height - 1, Math.floor(edges.top)));
  const right = Math.max(left + 1, Math.min(capture.width, Math.ceil(edges.right)));
  const bottom = Math.max(top + 1, Math.min(capture.height, Math.ceil(edges.bottom)));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The characters of a line that a box covers (a box the user drew, or a
 * finding's), as [start, end) offsets; undefined when it covers none. A box
 * covers a line when it takes in at least half of the line's height; the
 * characters are those whose estimated place overlaps the box at all.
 */
export function coveredChars(line: LineLike, box: RedactionBox): { start: number; end: number } | undefined {
  const { y, height } = line.box;
  const overlap = Math.min(y + height, box.y + box.height) - Math.max(y, box.y);
  if (height <= 0 || overlap < height / 2) return undefined;
  const { lead, edges } = charEdges(line);
  let start = -1;
  let end = -1;
  edges.forEach((edge, i) => {
    if (edge.right <= box.x || edge.left >= box.x + box.width) return;
    if (start < 0) start = i;
    end = i + 1;
  });
  if (start < 0) return undefined;
  // The spaces at either end are the estimate's slack, not what the box covers.
  const chars = line.text.slice(lead);
  while (start < end && chars[start] === ' ') start += 1;
  while (end > start && chars[end - 1] === ' ') end -= 1;
  return end > start ? { start: lead + start, end: lead + end } : undefined;
}
