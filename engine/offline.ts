import { env } from '@huggingface/transformers';

/**
 * Models load from their local folder only: no request may leave the machine
 * during load or generation, and nothing is cached outside the model folder.
 */
export function configureOffline(): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = '';
  env.useFSCache = false;
}
