// Entry of the engine process (an Electron utility process in the app, a
// Node child process in tests, the benchmark and the CLI). Node only: never
// imports electron. It starts without onnxruntime: transformers.js and
// onnxruntime-node load by dynamic import once it is ready (native-runtime.ts), so a machine
// they cannot run on still gets crops, resizes and the text layer.
import { EngineService } from './engine-service.js';
import { connectToHost } from './host-port.js';
import { nativeLoggingFrom } from '../common/native-logging.js';
import { probePlatform } from './platform-probe.js';
import { setNativeLogging } from './native-runtime.js';

// 'recompute' exists for the benchmark and the cache-equivalence test.
const cacheMode = process.env.SIGHTLINE_ENGINE_CACHE === 'recompute' ? 'recompute' : 'reuse';

// Before the first session: onnxruntime-node reads its process-wide log level
// (which covers loading a provider, before any session logger exists) once,
// at its first session; native-runtime.ts sets it as it loads onnxruntime.
const nativeLogging = nativeLoggingFrom(process.env);
setNativeLogging(nativeLogging);

// An engine whose host went away (Node IPC) releases its models, and the text
// layer's worker thread, before it exits.
const service: EngineService = new EngineService(connectToHost({ beforeExit: () => service.dispose() }), {
  platform: probePlatform(),
  cacheMode,
  nativeLogging,
});

// A bug must not leave a half-working engine behind: exit, and the host
// restarts a clean one (the conversation lives on the host side).
process.on('uncaughtException', (error) => {
  console.error('Sightline engine: uncaught exception:', error);
  process.exit(70);
});
process.on('unhandledRejection', (error) => {
  console.error('Sightline engine: unhandled rejection:', error);
  process.exit(70);
});
