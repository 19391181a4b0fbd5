// The engine's text job: a capture's text, read by the text layer
// (engine/text/) for the app, as the CaptureText every process knows. One
// TextReader serves the engine's whole life: its models load on the first
// read and stay loaded, like the VLM's, and it reads one capture at a time.
import type { CaptureText } from '../common/capture-text.js';
import { CodedError } from '../common/coded-error.js';
import type { ImageSource } from '../common/engine-protocol.js';
import { probeImage, readImageBytes } from './image-input.js';
import {
  TextReadError,
  TextReader,
  type TextLanguage,
  type TextReaderOptions,
  type TextReading,
} from './text/text-reader.js';

export class CaptureTextReader {
  private reader: TextReader | undefined;
  private disposed = false;

  /** `options`: where the OCR models are, for a test; the installed packages by default. */
  constructor(private readonly options: TextReaderOptions = {}) {}

  /** Reads the capture's text, in English or French as its words say (or as `lang` says); rejects with a CodedError. */
  async read(source: ImageSource, lang: TextLanguage = 'auto'): Promise<CaptureText> {
    if (this.disposed) throw new CodedError('internal', 'The engine is shutting down; its text reader is closed.');
    const bytes = await readImageBytes(source);
    // The same checks, and the same words, as a capture asked about.
    await probeImage(bytes);
    this.reader ??= new TextReader(this.options);
    try {
      return toCaptureText(await this.reader.read(bytes, { lang }));
    } catch (error) {
      throw toCodedError(error);
    }
  }

  /** Releases the models (and Tesseract's worker thread); reads after this are refused. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const reader = this.reader;
    this.reader = undefined;
    await reader?.dispose();
  }
}

function toCaptureText(reading: TextReading): CaptureText {
  return {
    language: reading.language,
    width: reading.width,
    height: reading.height,
    lines: reading.lines.map(({ text, box, confidence }) => ({ text, box, confidence })),
    text: reading.text,
    reader: reading.reader,
  };
}

function toCodedError(error: unknown): unknown {
  if (!(error instanceof TextReadError)) return error;
  switch (error.code) {
    case 'not-an-image':
      return new CodedError('bad-image', 'The capture is damaged and its text cannot be read.', { cause: error });
    case 'models-missing':
      return new CodedError('model-missing', error.message, { cause: error });
    case 'failed':
      return new CodedError('internal', error.message, { cause: error });
  }
}
