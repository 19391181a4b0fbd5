// transformers.js's settings for an engine that never downloads: the module
// is loaded lazily (native-runtime.ts), so its env comes in as an argument.
import type { env as TransformersEnv } from '@huggingface/transformers';

/**
 * Models load from their local folder only: no request may leave the machine
 * during load or generation, and nothing is cached outside the model folder.
 */
export function configureOffline(env: typeof TransformersEnv): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = '';
  env.useFSCache = false;
}
