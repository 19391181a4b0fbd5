// What the engine runs on, reported to the host on start: Node, onnxruntime's
// version, the platform, and whether onnxruntime has a native build for it
// here (none for Intel Macs; none in a broken install). Resolved as
// onnxruntime-node's binding.js requires it, without loading it: saying so
// never loads onnxruntime itself.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { EngineRuntime } from '../common/engine-protocol.js';

const require = createRequire(import.meta.url);

/** What the engine runs on. */
export function runtimeInfo(): EngineRuntime {
  const manifest = require.resolve('onnxruntime-node/package.json');
  const ort = require(manifest) as { version: string };
  // Where onnxruntime-node's binding.js requires its native binding from.
  const binding = path.join(
    path.dirname(manifest),
    'bin',
    'napi-v6',
    process.platform,
    process.arch,
    'onnxruntime_binding.node',
  );
  return {
    node: process.versions.node,
    onnxruntime: ort.version,
    platform: process.platform,
    arch: process.arch,
    localModels: resolves(binding) ? 'available' : 'no-build',
  };
}

function resolves(file: string): boolean {
  try {
    require.resolve(file);
    return true;
  } catch {
    return false;
  }
}
