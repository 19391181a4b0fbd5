import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layOutLines, type LinePiece } from '../../../engine/text/layout.js';

/** A piece of text at (x, y) whose characters are `pitch` apart (8 px: monospaced). */
function piece(text: string, x: number, y: number, pitch = 8, height = 20): LinePiece {
  return {
    text,
    box: { x: x - 4, y, width: text.length * pitch + 8, height },
    confidence: 0.9,
    charPositions: [...text].map((_, index) => x + (index + 0.5) * pitch),
  };
}

test('boxes on one row become one line, rows go top to bottom and left to right', () => {
  const lines = layOutLines([
    // Proportional text: every piece has its own pitch.
    piece('Active', 200, 62, 6.9),
    piece('Status', 20, 60, 6.2),
    piece('Account details', 20, 20, 7.7),
    piece('Cancel', 300, 100, 6.6),
    piece('Retry', 380, 101, 5.8),
  ]);
  assert.deepEqual(
    lines.map((line) => line.text),
    ['Account details', 'Status Active', 'Cancel Retry'],
  );
  // The row's box covers both pieces: Status (16..61.2) and Active (196..245.4), rows 60..82.
  const box = lines[1]!.box;
  assert.deepEqual([box.x, box.y, box.height], [16, 60, 22]);
  assert.ok(Math.abs(box.width - 229.4) < 1e-9, String(box.width));
});

test('monospaced lines keep their indentation as spaces', () => {
  const lines = layOutLines([
    piece('def parse(path):', 10, 0),
    piece('with open(path) as f:', 10 + 4 * 8, 22),
    piece('return f.read()', 10 + 8 * 8, 44),
    piece('print(parse(p))', 10, 66),
  ]);
  assert.deepEqual(
    lines.map((line) => line.text),
    ['def parse(path):', '    with open(path) as f:', '        return f.read()', 'print(parse(p))'],
  );
  assert.deepEqual(
    lines.map((line) => line.indent),
    [0, 4, 8, 0],
  );
});

test('proportional text is not indented, whatever its left edges', () => {
  // A dialog: a title at the left, the message beside an icon; pitches differ from line to line.
  const lines = layOutLines([
    piece('Connexion réseau', 14, 0, 7.4),
    piece('Le mot de passe est peut-être incorrect.', 74, 30, 6.1),
    piece('Vérifiez la clé de sécurité et réessayez.', 74, 52, 6.6),
  ]);
  assert.deepEqual(
    lines.map((line) => line.indent),
    [0, 0, 0],
  );
});
