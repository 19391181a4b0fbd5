// Which execution providers to try, in order, for a device setting. A GPU
// provider that cannot start throws at session creation (onnxruntime does not
// fall back by itself), so the engine walks this list and tells the user which
// provider runs and why the ones before it did not: as codes (DeviceFallback),
// which the chat page words in its language and describeFallback in English.
import type { DeviceFallback, DeviceSetting, Dtype, ExecutionProvider, PassedOverProvider } from './engine-protocol.js';

export interface Platform {
  os: NodeJS.Platform;
  arch: string;
  /** onnxruntime-node's CUDA provider libraries are installed beside its binding. */
  hasCudaProvider: boolean;
}

export interface DeviceAttempt {
  provider: ExecutionProvider;
  /** Set when the provider is listed but known not to work here: skipped, for this reason. */
  skip?: Omit<PassedOverProvider, 'provider'>;
}

const providerNames: Record<ExecutionProvider, string> = {
  cuda: 'CUDA',
  dml: 'DirectML',
  coreml: 'CoreML',
  webgpu: 'WebGPU',
  cpu: 'CPU',
};

export function providerName(provider: ExecutionProvider): string {
  return providerNames[provider];
}

/** The platform's GPU providers, best first. */
export function gpuProviders(platform: Platform): DeviceAttempt[] {
  switch (platform.os) {
    case 'linux':
      return [
        platform.arch !== 'x64'
          ? { provider: 'cuda', skip: { code: 'cuda-not-x64', detail: platform.arch } }
          : !platform.hasCudaProvider
            ? { provider: 'cuda', skip: { code: 'cuda-libraries-missing' } }
            : { provider: 'cuda' },
        { provider: 'webgpu' },
      ];
    case 'win32':
      return [{ provider: 'dml' }, { provider: 'webgpu' }];
    case 'darwin':
      return [{ provider: 'coreml' }, { provider: 'webgpu' }];
    default:
      return [{ provider: 'webgpu' }];
  }
}

/** The providers to try for a setting; CPU always ends the list so a model always loads. */
export function deviceAttempts(
  setting: DeviceSetting,
  platform: Platform,
  explicit?: ExecutionProvider,
): DeviceAttempt[] {
  if (explicit) return explicit === 'cpu' ? [{ provider: 'cpu' }] : [{ provider: explicit }, { provider: 'cpu' }];
  if (setting === 'cpu') return [{ provider: 'cpu' }];
  return [...gpuProviders(platform), { provider: 'cpu' }];
}

/**
 * Dtypes to prefer on a provider, best first. GPUs run half precision fast;
 * on CPU, 8-bit weights are the fastest that keep answers right (int8 before
 * q8: the same dynamic quantization, and int8 weights in the vision encoder
 * encoded an image faster in `npm run bench -- dtypes`), and fp32 is the
 * reference that always works. Only dtypes whose files are present count.
 */
export function dtypePreference(provider: ExecutionProvider): Dtype[] {
  return provider === 'cpu' ? ['int8', 'q8', 'fp32', 'q4'] : ['fp16', 'q4f16', 'fp32'];
}

export function chooseDtype(
  provider: ExecutionProvider,
  available: readonly Dtype[],
  requested?: Dtype,
): Dtype | undefined {
  if (requested) return available.includes(requested) ? requested : undefined;
  return dtypePreference(provider).find((dtype) => available.includes(dtype)) ?? available[0];
}

/**
 * Whether the engine runs where the user asked: a provider named on its own
 * must be the one; "GPU" is any GPU provider; "automatic" and "CPU" are
 * honoured wherever it runs (automatic falls back to the CPU by design).
 */
export function choiceHonoured(fallback: DeviceFallback | undefined, provider: ExecutionProvider): boolean {
  if (!fallback) return true;
  if (fallback.requestedProvider) return provider === fallback.requestedProvider;
  return fallback.requested !== 'gpu' || provider !== 'cpu';
}

const skipSentences: Record<PassedOverProvider['code'], (detail: string | undefined) => string> = {
  'cuda-not-x64': (arch) => `CUDA is only available on x64 Linux${arch ? ` (this is ${arch})` : ''}`,
  'cuda-libraries-missing': () => "onnxruntime's CUDA libraries are not installed",
  'cuda-libraries-unloadable': () =>
    "onnxruntime's CUDA provider or the CUDA 12 and cuDNN 9 libraries it needs could not be loaded",
  'cuda-runtime-missing': () => 'the CUDA runtime libraries (CUDA 12 with cuDNN 9) or the NVIDIA driver were not found',
  'webgpu-unavailable': () => 'no usable GPU adapter was found',
  'directml-unavailable': () => 'DirectML found no usable DirectX 12 GPU',
  'dtype-missing': (dtype) => `the model has no ${dtype ?? ''} files`,
  'provider-failed': (detail) => detail ?? 'it failed to start',
};

/** Providers known not to work here before any was tried: skipped, not failed. */
const notTried = new Set<PassedOverProvider['code']>(['cuda-not-x64', 'cuda-libraries-missing', 'dtype-missing']);

/** Why one provider was passed over, in English (the CLI, the engine's own messages). */
export function describeSkip(skipped: PassedOverProvider): string {
  const name = providerName(skipped.provider);
  const sentence = skipSentences[skipped.code](skipped.detail);
  return notTried.has(skipped.code) ? `${name}: ${sentence}` : `${name} could not start: ${sentence}`;
}

/** The fallback in one English sentence: "Running on CPU. CUDA: …; WebGPU could not start: …." */
export function describeFallback(provider: ExecutionProvider, fallback: DeviceFallback): string {
  return `Running on ${providerName(provider)}. ${fallback.passedOver.map(describeSkip).join('; ')}.`;
}
