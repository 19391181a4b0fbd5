// The settings panel's contract with whatever hosts it: the Electron main
// process (IPC invoke channels and webContents.send events) or the
// development web host (the same requests and events over its WebSocket).
// Both ends parse what they receive with these schemas. API keys go in
// ('settings:set-api-key') and never come back: the page only learns
// whether one is stored.
import * as z from 'zod/mini';
import './schema.js';
import { BaseUrl, OllamaBackendSettings, OpenAiBackendSettings } from './backend-settings.js';
import { Dtype, EngineError } from './engine-protocol.js';
import { Settings } from './settings.js';
import { SettingsRefusal } from './settings-refusal.js';
import { inEachLanguage } from './ui-language.js';

/** A catalog id (also a folder name in the models folder). */
export const ModelId = z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'a model id'));
const ById = z.object({ id: ModelId });

export const RemoteKind = z.enum(['ollama', 'openai']);
export type RemoteKind = z.infer<typeof RemoteKind>;

/** A model server's settings as the page's form has them (apiKeyRef is the host's business: it sets it). */
export const RemoteBackendDraft = z.discriminatedUnion('kind', [OllamaBackendSettings, OpenAiBackendSettings]);
export type RemoteBackendDraft = z.infer<typeof RemoteBackendDraft>;

/**
 * A change from the page: any settings but the model (chosen with
 * 'settings:use-model', once installed). A backend's apiKeyRef is ignored:
 * the host names the key it stored for that kind of server.
 */
export const SettingsPatch = z.strictObject({
  ...z.partial(z.omit(Settings, { modelId: true, historyDays: true })).shape,
  /** null: keep every conversation (undefined would not survive JSON, and means "unchanged"). */
  historyDays: z.optional(z.nullable(z.number().check(z.int(), z.minimum(0), z.maximum(3650)))),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const Privacy = z.object({
  sendsOffMachine: z.boolean(),
  /** host[:port] captures go to; absent for the local engine. */
  host: z.optional(z.string()),
  sentence: z.string(),
});
export type Privacy = z.infer<typeof Privacy>;

/** What the page shows: the settings, and what it may know about the rest. */
export const SettingsView = z.object({
  settings: Settings,
  /** Whether an API key is stored for each kind of server (the key itself never leaves the host). */
  apiKeyStored: z.object({ ollama: z.boolean(), openai: z.boolean() }),
  /** Where captures go with the backend in use. */
  privacy: Privacy,
  /** false: the platform cannot start the app at login (the page hides the option). */
  startAtLoginSupported: z.boolean(),
  /** false: the platform cannot keep windows out of screen capture (Linux; the page says so). */
  screenShareHidingSupported: z.boolean(),
  /** Where the models are installed (the About section shows it); absent where the host does not say. */
  modelsFolder: z.optional(z.string()),
});
export type SettingsView = z.infer<typeof SettingsView>;

/**
 * A change applied, or refused (the settings as they stay): `refusals` say
 * why, per field, for the page to word; `reason` is the same in English.
 */
export const UpdateReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), view: SettingsView }),
  z.object({
    ok: z.literal(false),
    reason: z.string(),
    refusals: z.array(SettingsRefusal).check(z.minLength(1)),
    view: SettingsView,
  }),
]);
export type UpdateReply = z.infer<typeof UpdateReply>;

export const DownloadPhase = z.enum(['listing', 'downloading', 'installing']);

/** A model download's progress, then how it ended. */
export const DownloadEvent = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('progress'),
    id: ModelId,
    phase: DownloadPhase,
    bytesDone: z.number().check(z.nonnegative()),
    bytesTotal: z.number().check(z.nonnegative()),
    bytesPerSecond: z.number().check(z.nonnegative()),
    etaSeconds: z.optional(z.number().check(z.nonnegative())),
  }),
  z.object({ state: z.literal('done'), id: ModelId, dtype: Dtype }),
  z.object({ state: z.literal('failed'), id: ModelId, reason: z.string() }),
  z.object({ state: z.literal('cancelled'), id: ModelId }),
]);
export type DownloadEvent = z.infer<typeof DownloadEvent>;
export type DownloadProgressEvent = Extract<DownloadEvent, { state: 'progress' }>;

export const ModelItem = z.object({
  id: ModelId,
  displayName: z.string(),
  /** The catalog's one line, in each language: the page shows its own. */
  goodFor: inEachLanguage(z.string()),
  license: z.string(),
  /** The dtype a download fetches on this device, and its download size. */
  dtype: Dtype,
  bytes: z.number().check(z.nonnegative()),
  installed: z.array(z.object({ dtype: Dtype, bytes: z.number().check(z.nonnegative()) })),
  /** The model the chat runs: the settings' choice, or else the catalog's default once installed. */
  inUse: z.boolean(),
  /** The catalog's default: what a first run offers to download. */
  recommended: z.boolean(),
  /** Bytes of an interrupted download a new one resumes from. */
  partialBytes: z.optional(z.number().check(z.nonnegative())),
  /** Set while it downloads. */
  download: z.optional(DownloadEvent),
});
export type ModelItem = z.infer<typeof ModelItem>;

export const ModelsView = z.object({ models: z.array(ModelItem) });
export type ModelsView = z.infer<typeof ModelsView>;

/** host/model-servers's ConnectionReport, as the page gets it. */
export const ConnectionReport = z.object({
  ok: z.boolean(),
  summary: z.string(),
  reachable: z.boolean(),
  modelPresent: z.optional(z.boolean()),
  acceptsImages: z.optional(z.boolean()),
  models: z.optional(z.array(z.string())),
  problem: z.optional(EngineError),
  notes: z.array(z.string()),
});
export type ConnectionReport = z.infer<typeof ConnectionReport>;

export const RemoteModelsReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), models: z.array(z.string()) }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);
export type RemoteModelsReply = z.infer<typeof RemoteModelsReply>;

export const SetApiKey = z.object({
  kind: RemoteKind,
  /** null deletes the stored key. */
  apiKey: z.nullable(z.string().check(z.minLength(1), z.maxLength(4096))),
});
export type SetApiKey = z.infer<typeof SetApiKey>;

export const AppView = z.enum(['chat', 'history', 'settings']);
export type AppView = z.infer<typeof AppView>;
export const ShowView = z.object({ view: AppView });
export type ShowView = z.infer<typeof ShowView>;

// --- channels ---------------------------------------------------------------------

/** Page to host, request and reply. */
export const settingsInvokeChannels = {
  'settings:get': { request: z.undefined(), reply: SettingsView },
  'settings:update': { request: SettingsPatch, reply: UpdateReply },
  'settings:models': { request: z.undefined(), reply: ModelsView },
  /** Starts a download; its progress comes as 'settings:download-progress' events. */
  'settings:download': { request: ById, reply: z.null() },
  'settings:cancel-download': { request: ById, reply: z.null() },
  'settings:remove-model': { request: ById, reply: ModelsView },
  /** Chooses an installed model: saved, and the engine loads it. */
  'settings:use-model': { request: ById, reply: UpdateReply },
  /** Checks a server as the form describes it, before it is applied. */
  'settings:check-backend': { request: RemoteBackendDraft, reply: ConnectionReport },
  'settings:remote-models': { request: z.object({ kind: RemoteKind, baseUrl: BaseUrl }), reply: RemoteModelsReply },
  'settings:set-api-key': { request: SetApiKey, reply: SettingsView },
} as const;
export type SettingsInvokeChannel = keyof typeof settingsInvokeChannels;

/** Host to page. */
export const settingsEventChannels = {
  'settings:changed': SettingsView,
  'settings:download-progress': DownloadEvent,
  /** The tray's "Settings…" and "History…": the page shows that view. */
  'app:show-view': ShowView,
} as const;
export type SettingsEventChannel = keyof typeof settingsEventChannels;
export type SettingsEvent<C extends SettingsEventChannel> = z.infer<(typeof settingsEventChannels)[C]>;

/** Where an API key for each kind of server is stored (a SecretStore name). */
export function apiKeyRefFor(kind: RemoteKind): string {
  return `${kind}-api-key`;
}
