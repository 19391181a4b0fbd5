// Entry of the engine process (an Electron utility process in the app, a
// Node child process in tests, the benchmark and the CLI). Node only: never
// imports electron.
import { EngineService } from './engine-service.js';
import { connectToHost } from './host-port.js';
import { probePlatform } from './platform-probe.js';

// 'recompute' exists for the benchmark and the cache-equivalence test.
const cacheMode = process.env.SIGHTLINE_ENGINE_CACHE === 'recompute' ? 'recompute' : 'reuse';

new EngineService(connectToHost(), { platform: probePlatform(), cacheMode });

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
