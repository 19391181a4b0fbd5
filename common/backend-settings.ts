// Which engine answers: the local one (the default), an Ollama server, or any
// server speaking OpenAI's chat completions (vLLM, llama-server, LM Studio,
// hosted APIs). Pure: shared with the settings page. The API key itself is
// never here — settings are a plain JSON file — only the name it is stored
// under in the system's secret storage (host/secrets/secret-store.ts).
import * as z from 'zod/mini';
import './schema.js';

/** An http(s) URL without credentials, query or fragment: the server's root (Ollama) or API base (OpenAI). */
export const BaseUrl = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(2048),
    z.refine(isServerUrl, 'must be an http:// or https:// address, without a user name, password, query or #fragment'),
  );

/** A limit on how long a model server may stay silent. */
export const TimeoutMs = z.number().check(z.int(), z.minimum(1_000), z.maximum(30 * 60_000));

/** The longest side, in pixels, a capture is scaled down to before it is sent. */
export const MaxImageSide = z.number().check(z.int(), z.minimum(64), z.maximum(16_384));

/** The name an API key is stored under; a file name in the secret store, so plain. */
export const SecretRef = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));
export type SecretRef = z.infer<typeof SecretRef>;

const ModelName = z.string().check(z.minLength(1), z.maxLength(256));

const remoteFields = {
  baseUrl: BaseUrl,
  model: ModelName,
  /**
   * The idle timeout: how long the server may stay silent once its answer
   * has started (between two pieces of the stream). The settings page's
   * "Timeout" field.
   */
  timeoutMs: TimeoutMs,
  /**
   * The first-byte timeout: how long the server may take to start its answer
   * once asked; absent: defaultFirstByteTimeoutMs. Short, so a server that
   * accepts the connection and then hangs is reported in seconds.
   */
  firstByteTimeoutMs: z.optional(TimeoutMs),
  maxImageSide: z.optional(MaxImageSide),
  /** Send the capture as JPEG when that is smaller; PNG (lossless) otherwise. */
  allowJpeg: z.optional(z.boolean()),
  /**
   * Where the API key is stored; none for servers that need no key (most
   * local ones). Ollama takes one too: its hosted API and proxies in front
   * of a shared server ask for a bearer token.
   */
  apiKeyRef: z.optional(SecretRef),
};

export const LocalBackendSettings = z.object({ kind: z.literal('local') });
export const OllamaBackendSettings = z.object({ kind: z.literal('ollama'), ...remoteFields });
export const OpenAiBackendSettings = z.object({ kind: z.literal('openai'), ...remoteFields });

export const BackendSettings = z.discriminatedUnion('kind', [
  LocalBackendSettings,
  OllamaBackendSettings,
  OpenAiBackendSettings,
]);
export type BackendSettings = z.infer<typeof BackendSettings>;
export type OllamaBackendSettings = z.infer<typeof OllamaBackendSettings>;
export type OpenAiBackendSettings = z.infer<typeof OpenAiBackendSettings>;
export type RemoteBackendSettings = OllamaBackendSettings | OpenAiBackendSettings;
export type BackendKind = BackendSettings['kind'];

/** Local stays the default: nothing leaves the machine until the user picks a server. */
export const defaultBackendSettings: BackendSettings = { kind: 'local' };

/** The idle timeout's default: generous, as a busy server may queue a question after starting its answer. */
export const defaultTimeoutMs = 120_000;
/** Long enough for a server to load a model of usual size, short enough that a hung one is named quickly. */
export const defaultFirstByteTimeoutMs = 30_000;
/**
 * When the settings name no limit: 2048 px is what OpenAI's API reads at
 * most (it scales larger images down itself) and more than most open VLMs
 * use, so the upload is never bigger than it has to be.
 */
export const defaultMaxImageSide = 2048;

/** A starting point for the settings page when the user picks a kind. */
export function remoteDefaults(kind: 'ollama' | 'openai'): RemoteBackendSettings {
  return kind === 'ollama'
    ? { kind, baseUrl: 'http://127.0.0.1:11434', model: '', timeoutMs: defaultTimeoutMs }
    : { kind, baseUrl: 'http://127.0.0.1:8080/v1', model: '', timeoutMs: defaultTimeoutMs };
}

function isServerUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === ''
  );
}
