import { createRequire } from 'node:module';
import type { EngineRuntime } from '../common/engine-protocol.js';

const require = createRequire(import.meta.url);

/** What the engine runs on, reported to the host on start. */
export function runtimeInfo(): EngineRuntime {
  const ort = require('onnxruntime-node/package.json') as { version: string };
  return { node: process.versions.node, onnxruntime: ort.version, platform: process.platform, arch: process.arch };
}
