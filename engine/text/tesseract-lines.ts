// Tesseract's French LSTM model (tesseract.js-core: Tesseract compiled to
// WebAssembly) in a worker thread, used for what PP-OCR's alphabet lacks:
// French accents and « ». It never lays out the page: the lines PP-OCR found
// are cut out, scaled to one height and stacked into one grey image, then
// read one rectangle (one line) at a time as single text lines. Where PP-OCR
// cannot run (no onnxruntime: an Intel Mac), the same worker lays out and
// reads a whole page instead (readPage; tesseract-page.ts).
//
// The worker is a string evaluated by Node (no script file: the app's code
// sits inside app.asar, where a worker script cannot be loaded from) that
// loads the Emscripten core by absolute path. There is no download path at
// all: the model comes in as bytes.
import { Worker } from 'node:worker_threads';
import { sampleLuma, type Box, type Raster } from './raster.js';

export interface TesseractFiles {
  /** tesseract.js-core's folder (unpacked from the asar in the packaged app). */
  coreDir: string;
  /** `<lang>.traineddata`, gunzipped. */
  traineddata: Uint8Array;
  lang: string;
}

/** Height of each stacked line strip, in pixels: letters of about 25 px, where Tesseract reads best. */
export const stripHeight = 40;
const gap = 8;

// Plain JavaScript, run by the worker; no TypeScript transforms reach it.
const workerSource = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const path = require('node:path');
// WebAssembly SIMD (every Node and Electron the app supports has it; checked anyway).
const simd = WebAssembly.validate(new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,123,3,2,1,0,10,10,1,8,0,65,0,253,15,253,98,11]));
const corePath = path.join(workerData.coreDir, simd ? 'tesseract-core-simd-lstm.js' : 'tesseract-core-lstm.js');
// A white 64x24 PGM with a black bar: something for the warm-up to read.
function warmImage() {
  const header = Buffer.from('P5\n64 24\n255\n', 'ascii');
  const pixels = Buffer.alloc(64 * 24, 255);
  for (let y = 10; y < 14; y++) pixels.fill(0, y * 64 + 8, y * 64 + 56);
  return Buffer.concat([header, pixels]);
}
const ready = (async () => {
  const TesseractCore = require(corePath);
  const core = await TesseractCore({ print: () => {}, printErr: () => {} });
  core.FS.writeFile('/' + workerData.lang + '.traineddata', workerData.traineddata);
  const api = new core.TessBaseAPI();
  // OEM 1: LSTM only.
  if (api.Init('/', workerData.lang, 1) !== 0) throw new Error('Tesseract could not load its ' + workerData.lang + ' model.');
  api.SetVariable('tessedit_pageseg_mode', '7');
  api.SetVariable('user_defined_dpi', '300');
  // The first recognition sets up the LSTM: pay for it here, not on the first capture.
  core.FS.writeFile('/input', warmImage());
  api.SetImageFile(1, 0);
  api.Recognize(null);
  api.GetUTF8Text();
  return { core, api };
})();
ready.then(
  () => parentPort.postMessage({ type: 'ready' }),
  (error) => parentPort.postMessage({ type: 'failed', message: String(error && error.message || error) }),
);
parentPort.on('message', async (job) => {
  try {
    const { core, api } = await ready;
    core.FS.writeFile('/input', job.image);
    if (job.page) {
      // Sparse text: a screen's labels, buttons and columns, each found on its own.
      api.SetVariable('tessedit_pageseg_mode', '11');
      try {
        if (api.SetImageFile(1, 0) === 1) throw new Error('Tesseract could not read the page image.');
        api.Recognize(null);
        parentPort.postMessage({ type: 'done', id: job.id, texts: [api.GetTSVText(0)] });
      } finally {
        api.SetVariable('tessedit_pageseg_mode', '7');
      }
      return;
    }
    if (api.SetImageFile(1, 0) === 1) throw new Error('Tesseract could not read the line image.');
    const texts = [];
    for (const [left, top, width, height] of job.rectangles) {
      api.SetRectangle(left, top, width, height);
      api.Recognize(null);
      texts.push(api.GetUTF8Text());
    }
    parentPort.postMessage({ type: 'done', id: job.id, texts });
  } catch (error) {
    parentPort.postMessage({ type: 'done', id: job.id, error: String(error && error.message || error) });
  }
});
`;

interface Reply {
  type: 'ready' | 'failed' | 'done';
  id?: number;
  texts?: string[];
  error?: string;
  message?: string;
}

export class TesseractLines {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (texts: string[]) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      if (reply.type !== 'done' || reply.id === undefined) return;
      const job = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error !== undefined) job?.reject(new Error(reply.error));
      else job?.resolve(reply.texts ?? []);
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`Tesseract's worker stopped (exit code ${code}).`)));
  }

  static async load(files: TesseractFiles): Promise<TesseractLines> {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { coreDir: files.coreDir, traineddata: files.traineddata, lang: files.lang },
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (reply: Reply) => {
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'failed') reject(new Error(reply.message));
        else return;
        worker.off('message', onMessage);
        worker.off('error', reject);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new TesseractLines(worker);
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  /** Lays out and reads a whole page image (a PGM: tesseract-page.ts); resolves with Tesseract's TSV. */
  readPage(pgm: Uint8Array): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const image = pgm.slice();
    return new Promise<string>((resolve, reject) => {
      this.pending.set(id, { resolve: (texts) => resolve(texts[0] ?? ''), reject });
      this.worker.postMessage({ id, image, page: true }, [image.buffer]);
    });
  }

  /** Reads each box; `dark` boxes are inverted first (Tesseract reads dark text on light). */
  read(raster: Raster, lines: { box: Box; dark: boolean }[]): Promise<string[]> {
    if (lines.length === 0) return Promise.resolve([]);
    if (this.failure) return Promise.reject(this.failure);
    const strips = lines.map(({ box, dark }) => {
      const width = Math.max(8, Math.round((stripHeight * box.width) / Math.max(1, box.height)));
      return { width, luma: sampleLuma(raster, box, width, stripHeight, dark) };
    });
    const width = Math.max(...strips.map((strip) => strip.width)) + 2 * gap;
    const height = gap + strips.length * (stripHeight + gap);
    const pixels = new Uint8Array(width * height).fill(255);
    const rectangles = strips.map((strip, index) => {
      const top = gap + index * (stripHeight + gap);
      for (let y = 0; y < stripHeight; y++) {
        for (let x = 0; x < strip.width; x++) {
          pixels[(top + y) * width + gap + x] = Math.round(strip.luma[y * strip.width + x]!);
        }
      }
      return [gap, top, strip.width, stripHeight];
    });
    // A binary PGM: Leptonica reads it without a decoder library.
    const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
    const image = new Uint8Array(header.length + pixels.length);
    image.set(header);
    image.set(pixels, header.length);
    const id = this.nextId++;
    return new Promise<string[]>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (texts) => resolve(texts.map((text) => text.replace(/\s+$/u, '').replace(/\n/g, ' '))),
        reject,
      });
      this.worker.postMessage({ id, image, rectangles }, [image.buffer]);
    });
  }
}
