// The text layer's fallback where PP-OCR cannot run (onnxruntime has no build
// for the machine: an Intel Mac): Tesseract lays out and reads the whole
// capture itself. This file holds the pure parts: the page image Tesseract
// is given (grey, dark themes inverted, scaled up to the letter size it reads
// best) and its TSV reading turned back into line pieces in capture pixels,
// which layout.ts orders and indents as it does PP-OCR's.
import type { LinePiece } from './layout.js';
import { meanLuma, sampleLuma, type Raster } from './raster.js';

/** The page image's pixels at most: a larger capture is scaled up less (Tesseract's time grows with them). */
const maxPagePixels = 12_000_000;

export interface PageImage {
  /** A binary PGM (Leptonica reads it without a decoder library). */
  pgm: Uint8Array;
  /** Page pixels per capture pixel. */
  scale: number;
}

/**
 * The capture as Tesseract reads it best: dark text on light, with letters
 * about twice a screen's 1× size. `pixelRatio`: the display's device scale
 * (2 on HiDPI, whose text is already that large).
 */
export function pageImage(raster: Raster, pixelRatio = 1): PageImage {
  const wanted = 2 / Math.min(Math.max(pixelRatio, 1), 2);
  const fits = Math.sqrt(maxPagePixels / (raster.width * raster.height));
  const scale = Math.max(0.5, Math.min(wanted, fits));
  const width = Math.max(1, Math.round(raster.width * scale));
  const height = Math.max(1, Math.round(raster.height * scale));
  const invert = meanLuma(raster) < 128;
  const luma = sampleLuma(raster, { x: 0, y: 0, width: raster.width, height: raster.height }, width, height, invert);
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const pgm = new Uint8Array(header.length + luma.length);
  pgm.set(header);
  for (let i = 0; i < luma.length; i++) pgm[header.length + i] = Math.round(luma[i]!);
  return { pgm, scale };
}

interface TsvWord {
  left: number;
  top: number;
  width: number;
  height: number;
  /** 0..100. */
  conf: number;
  text: string;
}

/** Words below this confidence (0..100) are noise: icons, borders, and the edges of images read as letters. */
const minWordConfidence = 30;

/**
 * Tesseract's TSV (level, page, block, paragraph, line, word, left, top,
 * width, height, conf, text) as one piece per line, in capture pixels:
 * its words joined by spaces, each character placed across its word's box.
 */
export function piecesFromTsv(tsv: string, scale: number): LinePiece[] {
  const lines = new Map<string, TsvWord[]>();
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells.length < 12 || cells[0] !== '5') continue;
    const [left, top, width, height, conf] = cells.slice(6, 11).map(Number) as [number, number, number, number, number];
    const text = cells.slice(11).join('\t').trim();
    if (text === '' || !(conf >= minWordConfidence)) continue;
    const key = cells.slice(1, 5).join('.');
    const words = lines.get(key) ?? [];
    words.push({ left, top, width, height, conf, text });
    lines.set(key, words);
  }
  return [...lines.values()].map((words) => pieceOf(words, scale));
}

function pieceOf(words: TsvWord[], scale: number): LinePiece {
  const sorted = [...words].sort((a, b) => a.left - b.left);
  const x = Math.min(...sorted.map((word) => word.left));
  const y = Math.min(...sorted.map((word) => word.top));
  const right = Math.max(...sorted.map((word) => word.left + word.width));
  const bottom = Math.max(...sorted.map((word) => word.top + word.height));
  const charPositions: number[] = [];
  sorted.forEach((word, index) => {
    const characters = [...word.text];
    const pitch = word.width / characters.length;
    if (index > 0) {
      // The space between two words sits halfway between them.
      const previous = sorted[index - 1]!;
      charPositions.push((previous.left + previous.width + word.left) / 2 / scale);
    }
    characters.forEach((_, at) => charPositions.push((word.left + (at + 0.5) * pitch) / scale));
  });
  const confidence = sorted.reduce((sum, word) => sum + word.conf, 0) / sorted.length / 100;
  return {
    box: { x: x / scale, y: y / scale, width: (right - x) / scale, height: (bottom - y) / scale },
    text: sorted.map((word) => word.text).join(' '),
    confidence,
    charPositions,
  };
}
