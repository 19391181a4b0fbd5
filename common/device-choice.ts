// Which execution providers to try, in order, for a device setting. A GPU
// provider that cannot start throws at session creation (onnxruntime does not
// fall back by itself), so the engine walks this list and tells the user which
// provider runs and why the ones before it did not.
import type { DeviceSetting, Dtype, ExecutionProvider } from './engine-protocol.js';

export interface Platform {
  os: NodeJS.Platform;
  arch: string;
  /** onnxruntime-node's CUDA provider libraries are installed beside its binding. */
  hasCudaProvider: boolean;
}

export interface DeviceAttempt {
  provider: ExecutionProvider;
  /** Set when the provider is listed but known not to work here: skipped, with this reason. */
  skipReason?: string;
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
          ? { provider: 'cuda', skipReason: `CUDA is only available on x64 Linux (this is ${platform.arch})` }
          : !platform.hasCudaProvider
            ? { provider: 'cuda', skipReason: "onnxruntime's CUDA libraries are not installed" }
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
 * on CPU, 8-bit weights are the fastest that keep answers right, and fp32 is
 * the reference that always works. Only dtypes whose files are present count.
 */
export function dtypePreference(provider: ExecutionProvider): Dtype[] {
  return provider === 'cpu' ? ['q8', 'fp32', 'q4'] : ['fp16', 'q4f16', 'fp32'];
}

export function chooseDtype(
  provider: ExecutionProvider,
  available: readonly Dtype[],
  requested?: Dtype,
): Dtype | undefined {
  if (requested) return available.includes(requested) ? requested : undefined;
  return dtypePreference(provider).find((dtype) => available.includes(dtype)) ?? available[0];
}
