// From recognised boxes to lines in reading order: boxes that share a row
// (a label and its value, table cells, buttons) become one line, rows go top
// to bottom, and where a block of rows is monospaced (code, a terminal) each
// line keeps its indentation as leading spaces.
import { boundingRect } from '../../common/geometry.js';
import type { Box } from './raster.js';

export interface LinePiece {
  box: Box;
  text: string;
  confidence: number;
  /** Source x of each character's centre, in the order of `text`. */
  charPositions: number[];
}

export interface LaidOutLine {
  /** With leading spaces where the line is indented in monospaced text. */
  text: string;
  box: Box;
  confidence: number;
  /** Leading spaces added for indentation. */
  indent: number;
  pieces: LinePiece[];
}

/** Two boxes share a row when they overlap vertically by half the smaller height. */
function sameRow(a: Box, b: Box): boolean {
  const overlap = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return overlap >= 0.5 * Math.min(a.height, b.height);
}

/** Where a piece's first character starts, and its character pitch, from the recogniser's positions. */
function pitchOf(piece: LinePiece): { start: number; pitch: number } | undefined {
  const positions = piece.charPositions;
  const trimmed = piece.text.length - piece.text.trimStart().length;
  if (positions.length < 6) return undefined;
  const pitch = (positions[positions.length - 1]! - positions[trimmed]!) / (positions.length - 1 - trimmed);
  if (!(pitch > 0)) return undefined;
  return { start: positions[trimmed]! - pitch / 2, pitch };
}

export function layOutLines(pieces: LinePiece[]): LaidOutLine[] {
  const kept = pieces.filter((piece) => piece.text.trim().length > 0);
  const sorted = [...kept].sort((a, b) => a.box.y + a.box.height / 2 - (b.box.y + b.box.height / 2));
  const rows: LinePiece[][] = [];
  for (const piece of sorted) {
    const row = rows.find((candidate) => candidate.some((other) => sameRow(other.box, piece.box)));
    if (row) row.push(piece);
    else rows.push([piece]);
  }
  rows.sort((a, b) => boundingRect(a.map((p) => p.box)).y - boundingRect(b.map((p) => p.box)).y);
  const lines: LaidOutLine[] = rows.map((row) => {
    row.sort((a, b) => a.box.x - b.box.x);
    const characters = row.reduce((sum, piece) => sum + piece.text.length, 0);
    return {
      text: row.map((piece) => piece.text.trim()).join(' '),
      box: boundingRect(row.map((piece) => piece.box)),
      confidence: row.reduce((sum, piece) => sum + piece.confidence * piece.text.length, 0) / Math.max(1, characters),
      indent: 0,
      pieces: row,
    };
  });
  indent(lines);
  return lines;
}

/**
 * Indentation, for monospaced blocks only: consecutive lines whose character
 * pitch agrees within a few percent. A line's indent is how many characters
 * its first character starts to the right of the block's leftmost line.
 */
function indent(lines: LaidOutLine[]): void {
  const measured = lines.map((line) => pitchOf(line.pieces[0]!));
  let start = 0;
  while (start < lines.length) {
    // A block: lines that follow each other without a gap taller than two lines.
    let end = start + 1;
    while (end < lines.length) {
      const above = lines[end - 1]!.box;
      const below = lines[end]!.box;
      const gap = below.y - (above.y + above.height);
      if (gap > 2 * Math.max(above.height, below.height)) break;
      end++;
    }
    applyIndent(lines.slice(start, end), measured.slice(start, end));
    start = end;
  }
}

function applyIndent(block: LaidOutLine[], measured: ({ start: number; pitch: number } | undefined)[]): void {
  const known = measured.filter((value): value is { start: number; pitch: number } => value !== undefined);
  if (known.length < 2) return;
  const pitches = known.map((value) => value.pitch).sort((a, b) => a - b);
  const median = pitches[Math.floor(pitches.length / 2)]!;
  const spread = Math.max(...pitches.map((pitch) => Math.abs(pitch - median) / median));
  if (spread > 0.08) return;
  const left = Math.min(...block.map((line, index) => measured[index]?.start ?? line.box.x));
  block.forEach((line, index) => {
    const start = measured[index]?.start ?? line.pieces[0]!.box.x;
    const spaces = Math.round((start - left) / median);
    if (spaces > 0 && spaces < 80) {
      line.indent = spaces;
      line.text = ' '.repeat(spaces) + line.text;
    }
  });
}
