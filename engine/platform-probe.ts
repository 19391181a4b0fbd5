import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Platform } from '../common/device-choice.js';

const require = createRequire(import.meta.url);

/** What this machine offers onnxruntime-node, read once at load time. */
export function probePlatform(): Platform {
  let hasCudaProvider: boolean;
  try {
    // The CUDA provider ships separately from onnxruntime-node's npm package
    // (its install script can fetch it); without it, CUDA cannot start.
    const ortRoot = path.dirname(require.resolve('onnxruntime-node/package.json'));
    const binDir = path.join(ortRoot, 'bin', 'napi-v6', process.platform, process.arch);
    hasCudaProvider = existsSync(path.join(binDir, 'libonnxruntime_providers_cuda.so'));
  } catch {
    hasCudaProvider = false;
  }
  return { os: process.platform, arch: process.arch, hasCudaProvider };
}
