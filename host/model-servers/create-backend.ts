// From the backend settings to the AnswerBackend the chat code uses. The
// local engine's adapter is passed in (the app owns the engine), so are the
// secret store and the image preparation: the app gives safeStorage and the
// engine, the CLI and tests memory and sharp.
import type { BackendSettings, RemoteBackendSettings } from '../../common/backend-settings.js';
import type { AnswerBackend } from '../answers/answer-backend.js';
import type { PrepareImage } from './image-payload.js';
import { OllamaBackend } from './ollama-backend.js';
import { OpenAiBackend } from './openai-backend.js';
import type { RemoteBackend } from './remote-backend.js';
import type { FetchLike } from './remote-http.js';
import type { TimeoutAdvice } from './server-timeouts.js';
import { apiKeyReader, type SecretStore } from '../secrets/secret-store.js';

export interface BackendDependencies {
  local: AnswerBackend;
  secrets: SecretStore;
  prepareImage: PrepareImage;
  fetch?: FetchLike;
  /** What a timeout's message tells the user to change: the CLI's flags; the app's Settings by default. */
  timeoutAdvice?: TimeoutAdvice;
}

export function createBackend(settings: BackendSettings, deps: BackendDependencies): AnswerBackend {
  return settings.kind === 'local' ? deps.local : createRemoteBackend(settings, deps);
}

/** A model server's backend (the CLI has no local adapter to give). */
export function createRemoteBackend(
  settings: RemoteBackendSettings,
  deps: Omit<BackendDependencies, 'local'>,
): RemoteBackend {
  const apiKey = apiKeyReader(deps.secrets, settings.apiKeyRef);
  const options = {
    prepareImage: deps.prepareImage,
    ...(apiKey ? { apiKey } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.timeoutAdvice ? { timeoutAdvice: deps.timeoutAdvice } : {}),
  };
  return settings.kind === 'ollama' ? new OllamaBackend(settings, options) : new OpenAiBackend(settings, options);
}
