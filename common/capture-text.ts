// The text layer's reading of a capture, as every process sees it: its lines
// in reading order with their boxes (in capture pixels) and confidence, read
// offline in the engine (engine/text/). The chat offers it to copy, draws it
// over the capture, answers "Transcribe the text" from it, and gives it to
// the model beside the image, as a short delimited section of the question.
import * as z from 'zod/mini';
import './schema.js';

export const TextBox = z.object({
  x: z.number().check(z.nonnegative()),
  y: z.number().check(z.nonnegative()),
  width: z.number().check(z.nonnegative()),
  height: z.number().check(z.nonnegative()),
});
export type TextBox = z.infer<typeof TextBox>;

export const CaptureTextLine = z.object({
  /** The line's text; code and terminal lines start with their indentation as spaces. */
  text: z.string(),
  box: TextBox,
  /** 0..1: how sure the recogniser is of the line's characters. */
  confidence: z.number().check(z.minimum(0), z.maximum(1)),
});
export type CaptureTextLine = z.infer<typeof CaptureTextLine>;

export const CaptureText = z.object({
  /** The language the text was read as. */
  language: z.enum(['en', 'fr']),
  width: z.number().check(z.int(), z.positive()),
  height: z.number().check(z.int(), z.positive()),
  lines: z.array(CaptureTextLine),
  /** The lines joined with newlines. */
  text: z.string(),
  /** Which engine read it: PP-OCR, or Tesseract where PP-OCR cannot run or for French (engine/text/). */
  reader: z.optional(z.enum(['pp-ocr', 'tesseract'])),
});
export type CaptureText = z.infer<typeof CaptureText>;

/** Where a capture's text stands: being read, read, or not readable (and why, in English). */
export const CaptureTextState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('reading') }),
  z.object({ state: z.literal('read'), text: CaptureText }),
  z.object({ state: z.literal('failed'), reason: z.string() }),
]);
export type CaptureTextState = z.infer<typeof CaptureTextState>;

/**
 * The most of a capture's text the model is given with a question: enough
 * for an error dialog or the tail of a stack trace. Measured (bench/README.md,
 * "The capture's text in the first question"): a dialog's text is about 60 tokens and adds
 * a few percent to the time to the first token; 1,500 characters of a log
 * is 600 to 700 tokens and about doubles it for a one-tile capture (a fifth
 * more at 800x600).
 */
export const maxCaptureTextChars = 1500;

/**
 * The section of a question that gives the model the capture's text, or
 * undefined when there is none. Clearly delimited, and said to come from OCR,
 * so a model weighs it against what it sees. A text too long keeps its end:
 * the last lines of a log or a stack trace are the ones that matter.
 */
export function captureTextSection(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const bounded =
    trimmed.length <= maxCaptureTextChars ? trimmed : `[…]\n${trimmed.slice(trimmed.length - maxCaptureTextChars)}`;
  return `Text read from the image by OCR (it may have mistakes):\n<<<\n${bounded}\n>>>`;
}
