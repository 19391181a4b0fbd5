// A reading of a capture's text as the text layer returns it: the pieces
// either engine recognised (PP-OCR's boxes, or Tesseract's lines where
// PP-OCR cannot run), laid out in reading order with their indentation.
import { layOutLines, type LinePiece } from './layout.js';
import type { Box, Raster } from './raster.js';

export interface TextLine {
  /** The line's text; code and terminal lines start with their indentation as spaces. */
  text: string;
  /** Where the line is, in capture pixels. */
  box: Box;
  /** 0..1: the recogniser's mean probability for the line's characters. */
  confidence: number;
  /** Leading spaces of `text` that stand for indentation. */
  indent: number;
}

export interface TextReading {
  width: number;
  height: number;
  /** The language the text was read as. */
  language: 'en' | 'fr';
  /** In reading order: top to bottom, left to right within a row. */
  lines: TextLine[];
  /** The lines joined with newlines. */
  text: string;
  /** 'pp-ocr' (with Tesseract for French accents), or 'tesseract' alone where onnxruntime cannot run. */
  reader: 'pp-ocr' | 'tesseract';
  /**
   * Where the time went, in milliseconds. `load` is PP-OCR's first load (0
   * after); `french` includes Tesseract's first load when it was not warm.
   */
  timings: { decode: number; load: number; detect: number; recognise: number; french: number; total: number };
}

/** The pieces laid out in reading order, as the reading a caller gets. */
export function reading(
  raster: Raster,
  language: 'en' | 'fr',
  pieces: LinePiece[],
  reader: TextReading['reader'],
  timings: TextReading['timings'],
): TextReading {
  const lines = layOutLines(pieces.map((piece) => ({ ...piece, text: piece.text.normalize('NFKC') }))).map(
    (line): TextLine => ({
      text: line.text,
      box: roundBox(line.box),
      confidence: Math.round(line.confidence * 1000) / 1000,
      indent: line.indent,
    }),
  );
  return {
    width: raster.width,
    height: raster.height,
    language,
    lines,
    text: lines.map((line) => line.text).join('\n'),
    reader,
    timings,
  };
}

export function clampBox(box: Box, raster: Raster): Box {
  const x = Math.min(Math.max(0, box.x), raster.width);
  const y = Math.min(Math.max(0, box.y), raster.height);
  return {
    x,
    y,
    width: Math.min(raster.width, box.x + box.width) - x,
    height: Math.min(raster.height, box.y + box.height) - y,
  };
}

function roundBox(box: Box): Box {
  const x = Math.round(box.x);
  const y = Math.round(box.y);
  return { x, y, width: Math.round(box.x + box.width) - x, height: Math.round(box.y + box.height) - y };
}
