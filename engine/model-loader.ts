// Loads a model folder on the best provider that actually starts. A GPU
// provider that cannot run here throws at session creation; the loader tries
// the next one and finally the CPU, and says which runs and why.
import * as ort from 'onnxruntime-node';
import path from 'node:path';
import type { LoadModel, ModelStatus } from '../common/engine-protocol.js';
import { chooseDtype, deviceAttempts, providerName, type Platform } from '../common/device-choice.js';
import { CodedError } from '../common/coded-error.js';
import { readModelFolder, type ModelFolder } from './model-folder.js';
import { onnxFileName, onnxModulesOf } from '../common/model-files.js';
import { sessionLogSeverity, type NativeLogging, type OrtLogSeverity } from '../common/native-logging.js';
import { Vlm } from './vlm.js';
import { messageOf } from '../common/message-of.js';

export interface Loaded {
  vlm: Vlm;
  status: ModelStatus;
}

function firstLine(error: unknown): string {
  const message = messageOf(error);
  return (message.split('\n')[0] ?? message).slice(0, 300);
}

/** Why a provider could not start, in words a user can act on; onnxruntime's own text as the fallback. */
function providerFailure(error: unknown): string {
  const message = messageOf(error);
  if (/WebGPU adapter/i.test(message)) return 'no usable GPU adapter was found';
  if (/libcudart|libcublas|libcudnn|CUDA driver|cuda.*not found/i.test(message)) {
    return 'the CUDA runtime libraries (CUDA 12 with cuDNN 9) or the NVIDIA driver were not found';
  }
  // The JavaScript error says only this; which library was missing (the
  // provider itself, or the CUDA runtime it links) is in onnxruntime's log.
  if (/AppendExecutionProvider_Cuda.*Failed to load shared library/i.test(message)) {
    return "onnxruntime's CUDA provider or the CUDA 12 and cuDNN 9 libraries it needs could not be loaded";
  }
  if (/DirectML|D3D12|DXGI/i.test(message)) return 'DirectML found no usable DirectX 12 GPU';
  // Drop onnxruntime's source location prefix ("/onnxruntime_src/...cc:136 fn(...) ").
  return firstLine(error)
    .replace(/^\/\S+:\d+\s+\S+\s+/, '')
    .slice(0, 160);
}

export async function loadModel(
  request: LoadModel,
  platform: Platform,
  onAttempt: (attempt: string) => void,
  logging: NativeLogging = 'quiet',
): Promise<Loaded> {
  const started = performance.now();
  const logSeverity = sessionLogSeverity(logging);
  const folder = await readModelFolder(request.modelDir);
  const passedOver: string[] = [];
  let lastError: unknown;
  for (const attempt of deviceAttempts(request.device, platform, request.provider)) {
    const name = providerName(attempt.provider);
    if (attempt.skipReason) {
      passedOver.push(`${name}: ${attempt.skipReason}`);
      continue;
    }
    const dtype = chooseDtype(attempt.provider, folder.availableDtypes, request.dtype);
    if (!dtype) {
      passedOver.push(`${name}: the model has no ${request.dtype ?? ''} files`);
      continue;
    }
    onAttempt(`${name} (${dtype})`);
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
            ? { fallbackReason: `Running on ${name}. ${passedOver.join('; ')}.` }
            : {}),
          loadMs: performance.now() - started,
        },
      };
    } catch (error) {
      lastError = error;
      passedOver.push(`${name} could not start: ${providerFailure(error)}`);
    }
  }
  throw await explainLoadFailure(folder, request, lastError, passedOver, logSeverity);
}

/** After every provider failed: find the file that is broken, so the message can name it. */
async function explainLoadFailure(
  folder: ModelFolder,
  request: LoadModel,
  error: unknown,
  passedOver: string[],
  logSeverityLevel: OrtLogSeverity,
): Promise<CodedError> {
  const dtype = chooseDtype('cpu', folder.availableDtypes, request.dtype) ?? 'fp32';
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
  return new CodedError('internal', `The model could not be loaded: ${passedOver.join('; ')}.`, { cause: error });
}
