// Loads a model folder on the best provider that actually starts. A GPU
// provider that cannot run here throws at session creation; the loader tries
// the next one and finally the CPU, and says which runs and why. Where
// onnxruntime itself cannot load, the load fails at once with
// 'local-engine-unavailable' (native-runtime.ts).
import path from 'node:path';
import type { LoadModel, ModelStatus, PassedOverProvider } from '../common/engine-protocol.js';
import { chooseDtype, describeSkip, deviceAttempts, providerName, type Platform } from '../common/device-choice.js';
import { CodedError } from '../common/coded-error.js';
import { readModelFolder, type ModelFolder } from './model-folder.js';
import { onnxFileName, onnxModulesOf } from '../common/model-files.js';
import { sessionLogSeverity, type NativeLogging, type OrtLogSeverity } from '../common/native-logging.js';
import { Vlm } from './vlm.js';
import { firstLine, providerFailure } from './provider-failure.js';
import { loadOnnxRuntime, loadTransformers } from './native-runtime.js';

export interface Loaded {
  vlm: Vlm;
  status: ModelStatus;
}

export async function loadModel(
  request: LoadModel,
  platform: Platform,
  onAttempt: (attempt: string) => void,
  logging: NativeLogging = 'quiet',
): Promise<Loaded> {
  const started = performance.now();
  const logSeverity = sessionLogSeverity(logging);
  // Where onnxruntime cannot load, no model can: say that first, before what the folder lacks.
  await loadTransformers();
  const folder = await readModelFolder(request.modelDir);
  const passedOver: PassedOverProvider[] = [];
  let lastError: unknown;
  for (const attempt of deviceAttempts(request.device, platform, request.provider)) {
    if (attempt.skip) {
      passedOver.push({ provider: attempt.provider, ...attempt.skip });
      continue;
    }
    const dtype = chooseDtype(attempt.provider, folder.availableDtypes, request.dtype);
    if (!dtype) {
      passedOver.push({
        provider: attempt.provider,
        code: 'dtype-missing',
        ...(request.dtype && { detail: request.dtype }),
      });
      continue;
    }
    onAttempt(`${providerName(attempt.provider)} (${dtype})`);
    try {
      const vlm = await Vlm.load(folder, attempt.provider, dtype, logSeverity);
      const wantedGpu = request.device !== 'cpu' || (request.provider !== undefined && request.provider !== 'cpu');
      return {
        vlm,
        status: {
          modelDir: folder.dir,
          family: folder.family,
          provider: attempt.provider,
          dtype,
          ...(wantedGpu && passedOver.length > 0
            ? {
                fallback: {
                  requested: request.device,
                  ...(request.provider && { requestedProvider: request.provider }),
                  passedOver,
                },
              }
            : {}),
          loadMs: performance.now() - started,
        },
      };
    } catch (error) {
      lastError = error;
      passedOver.push(providerFailure(attempt.provider, error));
    }
  }
  throw await explainLoadFailure(folder, request, lastError, passedOver, logSeverity);
}

/** After every provider failed: find the file that is broken, so the message can name it. */
async function explainLoadFailure(
  folder: ModelFolder,
  request: LoadModel,
  error: unknown,
  passedOver: PassedOverProvider[],
  logSeverityLevel: OrtLogSeverity,
): Promise<CodedError> {
  const dtype = chooseDtype('cpu', folder.availableDtypes, request.dtype) ?? 'fp32';
  const ort = await loadOnnxRuntime();
  for (const module of onnxModulesOf[folder.family]) {
    const file = path.join(folder.dir, onnxFileName(module, dtype));
    try {
      const session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'], logSeverityLevel });
      await session.release();
    } catch (sessionError) {
      return new CodedError(
        'model-corrupt',
        `The model file ${file} is damaged or not an ONNX model (${firstLine(sessionError)}). Download the model again.`,
        { cause: sessionError },
      );
    }
  }
  return new CodedError('internal', `The model could not be loaded: ${passedOver.map(describeSkip).join('; ')}.`, {
    cause: error,
  });
}
