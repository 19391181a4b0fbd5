// The chat's runtime, assembled from the settings: the engine host with its
// model keeper, the backend switch (local engine or a model server), the
// history store and the chat service. Node only: Electron main passes a
// utility-process launcher and safeStorage secrets, the tests a Node child
// and memory secrets, and both get the very same wiring.
import path from 'node:path';
import type { BackendSettings } from '../common/backend-settings.js';
import type { BackoffOptions } from '../common/backoff.js';
import type { StorageNotice } from '../common/chat-contract.js';
import { defaultGenerationSettings, type GenerationSettings } from '../common/engine-protocol.js';
import type { Settings } from '../common/settings.js';
import { EngineHost } from './engine-host/engine-host.js';
import type { EngineLauncher } from './engine-host/engine-process.js';
import { ModelKeeper } from './engine-host/model-keeper.js';
import { ChatService } from './chat/chat-service.js';
import type { ChatModel } from './settings/chat-control.js';
import { settingsFilePort } from './settings/settings-file.js';
import { HistoryStore } from './history/history-store.js';
import { deviceKindOf, findInstalledModel, loadCatalog, loadPreference, type Catalog } from './models/index.js';
import type { AnswerBackend } from './answers/answer-backend.js';
import { BackendSwitch } from './answers/backend-switch.js';
import { createBackend, type BackendDependencies } from './model-servers/create-backend.js';
import { enginePrepareImage } from './model-servers/engine-prepare-image.js';
import type { PrepareImage } from './model-servers/image-payload.js';
import { localBackend } from './answers/local-backend.js';
import type { FetchLike } from './model-servers/remote-http.js';
import type { SecretStore } from './secrets/secret-store.js';
import type { SettingsStore } from './settings/settings-store.js';

export interface ChatRuntimeOptions {
  launcher: EngineLauncher;
  settingsStore: SettingsStore;
  /** Conversations and their captures (the user-data folder's history/). */
  historyDir: string;
  modelsRoot: string;
  secrets: SecretStore;
  /** How captures are scaled for model servers; default: in the engine (sharp never runs in Electron's main). */
  prepareImage?: PrepareImage;
  catalog?: Catalog;
  /** The model to load, whatever the settings say (the web host's --model); default: resolveChatModel. */
  model?: ChatModel;
  generation?: Partial<GenerationSettings>;
  backoff?: Partial<BackoffOptions>;
  /** Opens a checked http(s) link in the system browser. */
  openExternal?: (url: string) => Promise<void> | void;
  fetch?: FetchLike;
}

export interface ChatRuntime {
  engine: EngineHost;
  keeper: ModelKeeper;
  backends: BackendSwitch;
  /** What backends are made with (the settings page checks servers with them too). */
  backendDeps: BackendDependencies;
  history: HistoryStore;
  service: ChatService;
  settings: ReturnType<typeof settingsFilePort>;
  /** Answers come from the backend these settings describe, from the next question on. */
  useBackend(settings: BackendSettings): AnswerBackend;
  /** A capture is starting: the local model, if it rests after an idle spell, starts loading now. */
  warmModel(): void;
  dispose(): Promise<void>;
}

/**
 * The settings' model (or the catalog's default), installed in `modelsRoot`:
 * the dtype recommended for the device first, as the settings panel picks it.
 */
export async function resolveChatModel(
  settings: Pick<Settings, 'modelId' | 'device'>,
  modelsRoot: string,
  catalog: Catalog,
): Promise<ChatModel | undefined> {
  const id = settings.modelId ?? catalog.defaultModel;
  const entry = catalog.models.find((model) => model.id === id);
  if (!entry) return undefined;
  const preferred = loadPreference(entry, deviceKindOf(settings.device));
  // A broken models folder is "no model yet", said by the status line; not a crash at launch.
  const installed = await findInstalledModel(modelsRoot, id, { preferred }).catch(() => undefined);
  if (!installed) return undefined;
  return { dir: installed.dir, name: entry.displayName, device: settings.device };
}

export async function startChatRuntime(options: ChatRuntimeOptions): Promise<ChatRuntime> {
  const catalog = options.catalog ?? loadCatalog();
  const settings = settingsFilePort(options.settingsStore);
  const initial = await settings.all();

  // The engine starts now and loads the model in the background, so the
  // first answer does not wait for it.
  const engine = new EngineHost({
    launcher: options.launcher,
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
  const keeper = new ModelKeeper(engine, initial.idleUnloadMinutes);
  // The local engine answers through the keeper, so that after it gave the
  // memory back for idleness the next question loads the same model again.
  const local = localBackend(keeper, engine);
  const backends = new BackendSwitch(local);
  const backendDeps: BackendDependencies = {
    local,
    secrets: options.secrets,
    prepareImage: options.prepareImage ?? enginePrepareImage(engine),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const useBackend = (backend: BackendSettings): AnswerBackend => {
    const chosen = createBackend(backend, backendDeps);
    backends.use(chosen);
    return chosen;
  };
  useBackend(initial.backend);

  const history = new HistoryStore(options.historyDir, { keep: initial.historyDays !== 0 });
  // Conversations older than the retention setting go at start.
  if (initial.historyDays !== undefined && initial.historyDays > 0) {
    await history.prune(initial.historyDays).catch((error: unknown) => {
      console.error('Sightline: could not remove old conversations:', error);
    });
  }
  const model = options.model ?? (await resolveChatModel(initial, options.modelsRoot, catalog));
  const service = new ChatService({
    answers: backends,
    engine: keeper,
    // The text layer runs in the engine, whichever backend answers.
    textLayer: engine,
    store: history,
    // The history's thumbnails are scaled where captures are scaled for model servers.
    prepareThumbnail: backendDeps.prepareImage,
    settings,
    ...(model ? { model } : {}),
    generation: { ...defaultGenerationSettings, ...options.generation },
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    // Read once the settings above were: a file that did not parse was moved aside by then.
    startNotices: settingsNotices(options.settingsStore),
    // Opened JPEG, WebP and GIF images become PNGs where captures are scaled: the engine in the app.
    convertOpenedImage: backendDeps.prepareImage,
    // A closer look is cut from the stored capture where captures are cut: the engine.
    cropImage: (png, rect) => engine.crop(png, rect),
    fillBoxes: (png, boxes) => engine.fillBoxes(png, [...boxes]),
  });
  service.statusLine.loadModel();

  return {
    engine,
    keeper,
    backends,
    backendDeps,
    history,
    service,
    settings,
    useBackend,
    warmModel() {
      // Only where the local engine answers: a model server needs no local model in memory.
      if (backends.current === local) keeper.warm();
    },
    async dispose() {
      await service.dispose();
      keeper.dispose();
      await backends.current.dispose?.();
      await engine.dispose();
    },
  };
}

function settingsNotices(store: SettingsStore): StorageNotice[] {
  const recovery = store.recovery;
  return recovery ? [{ kind: 'settings-reset', ...recovery }] : [];
}

/** Where the app keeps conversations, beside its settings. */
export function historyDirIn(userData: string): string {
  return path.join(userData, 'history');
}
