// The text layer: reads the text of a capture offline, beside the VLM, in
// the engine process (or any Node process: the CLI, tests, the benchmark).
// Never imports electron.
//
//   PP-OCRv4 detection + recognition (onnxruntime-node)  every capture
//   Tesseract's French model (WebAssembly, worker thread)  French captures:
//     accents and « » that PP-OCR's alphabet lacks, merged into its lines
//
// Where onnxruntime cannot load (no build for an Intel Mac), PP-OCR cannot
// run, and Tesseract reads the whole capture on its own (tesseract-page.ts):
// slower and less exact on small screen text, but the text is there, and
// each reading says which engine made it.
//
// Models load on first use and stay loaded (French only once a French
// capture comes); reads run one at a time.
import { looksFrench, mergeFrench } from './french.js';
import { OcrModelsMissing, ocrModelPaths, readFrenchFiles, readPpOcrFiles, type OcrModelPaths } from './model-files.js';
import { PpOcr, type PpOcrTuning } from './ppocr.js';
import { decodeImage, isDarkBackground, type Box, type Raster } from './raster.js';
import { clampBox, reading, type TextReading } from './reading.js';
import { TesseractLines } from './tesseract-lines.js';
import { pageImage, piecesFromTsv } from './tesseract-page.js';
import { isLocalEngineUnavailable } from '../native-runtime.js';
import { messageOf } from '../../common/message-of.js';

export type { Box } from './raster.js';

/** `auto`: French when the capture's words read as French. */
export type TextLanguage = 'en' | 'fr' | 'auto';

export type { TextLine, TextReading } from './reading.js';

export class TextReadError extends Error {
  constructor(
    readonly code: 'not-an-image' | 'models-missing' | 'failed',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface TextReaderOptions {
  /** Where the models are (default: the installed npm packages, unpacked in the packaged app). */
  paths?: () => OcrModelPaths;
  tuning?: Partial<PpOcrTuning>;
  /** onnxruntime's threads per session (default 2). */
  threads?: number;
}

/** A line needs Tesseract's French reading when it holds a word (three letters or more). */
const hasWords = (text: string) => (text.match(/\p{L}/gu) ?? []).length >= 3;

export class TextReader {
  private ppocr: Promise<PpOcr> | undefined;
  private french: Promise<TesseractLines> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly options: TextReaderOptions = {}) {}

  /** Loads the models now (when a capture opens, before anyone asks): `fr` loads the French model too. */
  async warm(language: TextLanguage = 'en'): Promise<void> {
    const ppocr = await this.loadPpOcr().then(
      () => true,
      (error: unknown) => {
        if (isLocalEngineUnavailable(error)) return false;
        throw error;
      },
    );
    if (!ppocr || language !== 'en') await this.loadFrench();
  }

  /**
   * Reads a capture. `pixelRatio`: the display's device scale when the app
   * knows it (2 on HiDPI): large text is then detected at a quarter of the cost.
   */
  read(image: string | Uint8Array, options: { lang?: TextLanguage; pixelRatio?: number } = {}): Promise<TextReading> {
    const run = this.queue.then(() => this.readNow(image, options.lang ?? 'auto', options.pixelRatio ?? 1));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.queue;
    const [ppocr, french] = await Promise.allSettled([this.ppocr, this.french]);
    this.ppocr = undefined;
    this.french = undefined;
    if (ppocr.status === 'fulfilled' && ppocr.value) await ppocr.value.release();
    if (french.status === 'fulfilled' && french.value) await french.value.terminate();
  }

  private paths(): OcrModelPaths {
    return (this.options.paths ?? ocrModelPaths)();
  }

  private loadPpOcr(): Promise<PpOcr> {
    if (this.disposed) return Promise.reject(new TextReadError('failed', 'The text reader was closed.'));
    this.ppocr ??= keepOnSuccess(
      (async () => PpOcr.load(await readPpOcrFiles(this.paths()), this.options.tuning, this.options.threads))(),
      () => (this.ppocr = undefined),
    );
    return this.ppocr;
  }

  private loadFrench(): Promise<TesseractLines> {
    if (this.disposed) return Promise.reject(new TextReadError('failed', 'The text reader was closed.'));
    this.french ??= keepOnSuccess(
      (async () => TesseractLines.load(await readFrenchFiles(this.paths())))(),
      () => (this.french = undefined),
    );
    return this.french;
  }

  /** Tesseract's reading; a worker that failed is dropped, and the next French capture starts a new one. */
  private async readFrench(
    french: TesseractLines,
    raster: Raster,
    lines: { box: Box; dark: boolean }[],
  ): Promise<string[]> {
    try {
      return await french.read(raster, lines);
    } catch (error) {
      this.french = undefined;
      await french.terminate().catch(() => undefined);
      return readFailure('Tesseract')(error);
    }
  }

  private async readNow(image: string | Uint8Array, lang: TextLanguage, pixelRatio: number): Promise<TextReading> {
    const t0 = performance.now();
    let raster: Raster;
    try {
      raster = await decodeImage(image);
    } catch (error) {
      throw new TextReadError('not-an-image', 'The file is not an image that can be read (PNG, JPEG, WebP, ...).', {
        cause: error,
      });
    }
    const decoded = performance.now();
    // French will be needed: its model loads while PP-OCR reads.
    const frenchLoading = lang === 'fr' ? this.loadFrench() : undefined;
    frenchLoading?.catch(() => undefined);
    let ppocr: PpOcr;
    try {
      ppocr = await this.loadPpOcr();
    } catch (error) {
      if (isLocalEngineUnavailable(error)) return this.readWithTesseract(raster, lang, pixelRatio, t0, decoded);
      return explainLoadFailure(error);
    }
    const t1 = performance.now();
    const boxes = await ppocr.detect(raster, pixelRatio).catch(readFailure('PP-OCR'));
    const t2 = performance.now();
    const lineImages = (of: Box[]) => of.map((box) => ({ box, dark: isDarkBackground(raster, box) }));
    // French asked for: Tesseract reads every box in its worker while PP-OCR reads them here.
    const frenchEarly = frenchLoading?.then((french) => this.readFrench(french, raster, lineImages(boxes)));
    frenchEarly?.catch(() => undefined);
    const pieces = await ppocr.recognise(raster, boxes).catch(readFailure('PP-OCR'));
    const t3 = performance.now();
    const language = lang === 'auto' ? (looksFrench(pieces.map((piece) => piece.text).join('\n')) ? 'fr' : 'en') : lang;
    if (language === 'fr') {
      let readings: string[];
      let targets = pieces;
      if (frenchEarly) {
        readings = await frenchEarly.catch(explainLoadFailure);
      } else {
        const french = await this.loadFrench().catch(explainLoadFailure);
        targets = pieces.filter((piece) => hasWords(piece.text));
        readings = await this.readFrench(french, raster, lineImages(targets.map((piece) => piece.box)));
      }
      const canWrite = ppocr.characters;
      targets.forEach((piece, index) => {
        if (hasWords(piece.text)) {
          piece.text = mergeFrench(piece.text, readings[index] ?? '', (char) => canWrite.has(char));
        }
      });
    }
    const t4 = performance.now();
    return reading(raster, language, pieces, 'pp-ocr', {
      decode: decoded - t0,
      load: t1 - decoded,
      detect: t2 - t1,
      recognise: t3 - t2,
      french: t4 - t3,
      total: t4 - t0,
    });
  }

  /** Without PP-OCR: Tesseract lays out and reads the whole capture (its model reads English as well as French). */
  private async readWithTesseract(
    raster: Raster,
    lang: TextLanguage,
    pixelRatio: number,
    t0: number,
    decoded: number,
  ): Promise<TextReading> {
    const tesseract = await this.loadFrench().catch(explainLoadFailure);
    const t1 = performance.now();
    const page = pageImage(raster, pixelRatio);
    let tsv: string;
    try {
      tsv = await tesseract.readPage(page.pgm);
    } catch (error) {
      this.french = undefined;
      await tesseract.terminate().catch(() => undefined);
      return readFailure('Tesseract')(error);
    }
    const pieces = piecesFromTsv(tsv, page.scale).map((piece) => ({ ...piece, box: clampBox(piece.box, raster) }));
    const t2 = performance.now();
    const language = lang === 'auto' ? (looksFrench(pieces.map((piece) => piece.text).join('\n')) ? 'fr' : 'en') : lang;
    return reading(raster, language, pieces, 'tesseract', {
      decode: decoded - t0,
      load: t1 - decoded,
      detect: 0,
      recognise: t2 - t1,
      french: 0,
      total: t2 - t0,
    });
  }
}

/** A failed load is forgotten, so the next read tries again. */
function keepOnSuccess<T>(loading: Promise<T>, forget: () => void): Promise<T> {
  loading.catch(forget);
  return loading;
}

function readFailure(engine: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof TextReadError) throw error;
    const reason = messageOf(error);
    throw new TextReadError('failed', `${engine} could not read the capture: ${reason}`, { cause: error });
  };
}

function explainLoadFailure(error: unknown): never {
  if (error instanceof TextReadError) throw error;
  if (error instanceof OcrModelsMissing) throw new TextReadError('models-missing', error.message, { cause: error });
  const reason = messageOf(error);
  throw new TextReadError('failed', `The OCR models could not be loaded: ${reason}`, { cause: error });
}
