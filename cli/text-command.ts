// `sightline text --image <file> [--lang en|fr|auto] [--json]`: the text of an
// image, read offline by the text layer (engine/text): in this process under
// Node (text-here.ts), in the engine process inside the app (engine-jobs.ts);
// the caller passes the reader in. Text (one line per line, indentation kept) or
// JSON (with each line's box and confidence) on stdout; errors on stderr.
// Exit codes as `ask`: 0 read, 1 it could not be read, 2 a usage error.
import { parseCommandLine, UsageError } from './command-line.js';
import { access } from 'node:fs/promises';
import path from 'node:path';

export const textUsage = `Usage: sightline text --image <file> [--lang en|fr|auto] [--json]

Prints the text of an image, read on this machine (no network): one line per
line of text, in reading order, code and terminal lines with their indentation.

Options:
  --image <file>   the image to read (PNG, JPEG, WebP, ...)
  --lang <l>       en | fr | auto (default auto: French when the words read as French);
                   fr keeps French accents and « » that the English reader drops
  --json           one JSON object: width, height, language, lines (text, box in image
                   pixels, confidence 0..1, indent), text and timings in milliseconds
  -h, --help       this text`;

export type TextLanguage = 'en' | 'fr' | 'auto';

/** An image's text as the text layer reads it (engine/text/text-reader.ts's TextReading). */
export interface ImageTextReading {
  width: number;
  height: number;
  language: 'en' | 'fr';
  lines: Array<{
    text: string;
    box: { x: number; y: number; width: number; height: number };
    confidence: number;
    /** Leading spaces of `text` that stand for indentation. */
    indent: number;
  }>;
  text: string;
  /** Which engine read it (engine/text/): PP-OCR, or Tesseract alone where onnxruntime cannot run. */
  reader?: 'pp-ocr' | 'tesseract';
  /** Milliseconds: every step when read in this process, the total when read in the engine. */
  timings: Record<string, number>;
}

/** The text could not be read: the message says why; notAnImage when the file is no image at all. */
export class ImageTextError extends Error {
  constructor(
    message: string,
    readonly notAnImage = false,
  ) {
    super(message);
  }
}

/** Reads one image's text, and releases what it loaded for that. */
export type ReadImageText = (imagePath: string, lang: TextLanguage) => Promise<ImageTextReading>;

export interface TextCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

interface TextOptions {
  imagePath: string;
  lang: TextLanguage;
  json: boolean;
}

function parse(argv: string[]): TextOptions | 'help' {
  const { values, positionals } = parseCommandLine(argv, {
    image: { type: 'string' },
    lang: { type: 'string', default: 'auto' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  if (!values.image) throw new UsageError('--image <file> is required.');
  const lang = values.lang;
  if (lang !== 'en' && lang !== 'fr' && lang !== 'auto') {
    throw new UsageError(`--lang must be en, fr or auto, not "${lang}".`);
  }
  return { imagePath: values.image, lang, json: values.json };
}

/** `argv` is what follows `text`. */
export async function textCommand(argv: string[], io: TextCommandIo, readText: ReadImageText): Promise<number> {
  let options: TextOptions | 'help';
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`sightline: ${error.message}\n\n${textUsage}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout.write(`${textUsage}\n`);
    return 0;
  }
  const imagePath = path.resolve(options.imagePath);
  try {
    await access(imagePath);
  } catch {
    io.stderr.write(`sightline: The image ${imagePath} does not exist.\n`);
    return 1;
  }
  try {
    const reading = await readText(imagePath, options.lang);
    if (options.json) io.stdout.write(`${JSON.stringify(reading)}\n`);
    else if (reading.text) io.stdout.write(`${reading.text}\n`);
    else io.stderr.write('(no text found)\n');
    return 0;
  } catch (error) {
    if (!(error instanceof ImageTextError)) throw error;
    const message = error.notAnImage ? `${imagePath} is not an image that can be read.` : error.message;
    io.stderr.write(`sightline: ${message}\n`);
    return 1;
  }
}
