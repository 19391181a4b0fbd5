// onnxruntime-node and transformers.js (which loads onnxruntime-node), loaded
// by dynamic import, never as the engine's module graph loads: in the
// background once the engine has answered `hello`, or at their first use (a
// model load, the text layer's PP-OCR), whichever comes first. Where onnxruntime's native binding cannot load (an
// Intel Mac, for which onnxruntime-node ships no build; a broken install),
// the engine still starts, and still crops, resizes and reads text
// (Tesseract) for model servers; only what needs onnxruntime fails, with the
// coded error 'local-engine-unavailable', worded for the user.
//
// The imports are dynamic and of bare package names, which the build leaves
// external: dist/engine/entry.js holds no static import of either package.
import { CodedError } from '../common/coded-error.js';
import { localModelsSupport } from '../common/local-engine.js';
import type { NativeLogging } from '../common/native-logging.js';
import { firstLine } from './provider-failure.js';
import type * as Transformers from '@huggingface/transformers';
import type * as OnnxRuntime from 'onnxruntime-node';

export type TransformersModule = typeof Transformers;
export type OnnxRuntimeModule = typeof OnnxRuntime;

let logging: NativeLogging = 'quiet';
let transformers: Promise<TransformersModule> | undefined;
let onnxRuntime: Promise<OnnxRuntimeModule> | undefined;

/**
 * How much onnxruntime may log, set by the engine's entry before anything
 * loads: onnxruntime reads its process-wide level once, at its first session.
 */
export function setNativeLogging(level: NativeLogging): void {
  logging = level;
}

/** transformers.js, with onnxruntime under it; rejects with 'local-engine-unavailable' where it cannot load. */
export function loadTransformers(): Promise<TransformersModule> {
  transformers ??= import('@huggingface/transformers').then(
    (module) => {
      // WARNING gives onnxruntime 'error', INFO gives 'warning' (transformers.js maps them).
      module.env.logLevel = logging === 'verbose' ? module.LogLevel.INFO : module.LogLevel.WARNING;
      return module;
    },
    (error: unknown) => {
      throw localEngineUnavailable(error);
    },
  );
  return transformers;
}

/** onnxruntime-node on its own (the text layer's PP-OCR); rejects with 'local-engine-unavailable' where it cannot load. */
export function loadOnnxRuntime(): Promise<OnnxRuntimeModule> {
  onnxRuntime ??= import('onnxruntime-node').then(
    (module) => {
      // The same process-wide level transformers.js would have set, should PP-OCR start onnxruntime first.
      module.env.logLevel = logging === 'verbose' ? 'warning' : 'error';
      return module;
    },
    (error: unknown) => {
      throw localEngineUnavailable(error);
    },
  );
  return onnxRuntime;
}

/** Whether an error says that onnxruntime could not load here. */
export function isLocalEngineUnavailable(error: unknown): error is CodedError {
  return error instanceof CodedError && error.code === 'local-engine-unavailable';
}

/**
 * The error a user reads: on an Intel Mac, that local models cannot run there
 * and what to choose instead; elsewhere, the binding's own words and what to do.
 */
export function localEngineUnavailable(
  error: unknown,
  platform: string = process.platform,
  arch: string = process.arch,
): CodedError {
  if (localModelsSupport(platform, arch) === 'no-build') {
    return new CodedError(
      'local-engine-unavailable',
      'The local model engine cannot run on this Mac: onnxruntime, which runs the models, has no build for Intel Macs. Choose a model server in Settings → Answer source.',
      { cause: error },
    );
  }
  return new CodedError(
    'local-engine-unavailable',
    `The local model engine could not start: onnxruntime could not be loaded (${firstLine(error, 200)}). Reinstall Sightline, or choose a model server in Settings → Answer source.`,
    { cause: error },
  );
}
