// Assembles the development web host: the real engine (a Node child process,
// as the CLI runs it), the history store and the settings file in a data
// folder, the chat service, and the http + WebSocket server. Used by
// `npm run dev:web` (cli.ts) and by the chat panel's end-to-end tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackoffOptions } from '../core/backoff.js';
import { defaultGenerationSettings, type GenerationSettings } from '../core/engine-protocol.js';
import type { AppInfo } from '../core/ipc-contract.js';
import { acceleratorProblem } from '../core/accelerator.js';
import { defaultSettings } from '../core/settings.js';
import { EngineHost } from '../engine-host/engine-host.js';
import { createNodeLauncher } from '../engine-host/node-launcher.js';
import { ChatService, type ChatModel } from '../history/chat-service.js';
import { settingsFilePort } from '../history/chat-settings.js';
import { HistoryStore } from '../history/history-store.js';
import type { Catalog, HubOptions, RetryPolicy } from '../models/index.js';
import { BackendSwitch, routeAsks } from '../remote/backend-switch.js';
import { directPrepareImage } from '../remote/direct-prepare-image.js';
import { localBackend } from '../remote/local-backend.js';
import type { FetchLike } from '../remote/remote-http.js';
import { MemorySecretStore, type SecretStore } from '../remote/secret-store.js';
import { SettingsService, backendPorts } from '../settings/settings-service.js';
import { SettingsStore } from '../settings/settings-store.js';
import { createWebHost, type WebHost } from './web-host.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');

export interface DevWebHostOptions {
  /** The built pages; default dist/renderer. */
  rendererDir?: string;
  /** Holds settings.json and history/. */
  dataDir: string;
  model?: ChatModel;
  /** The engine's entry; default main/engine/entry.ts through tsx. */
  engine?: { entry: string; execArgv: string[] };
  generation?: Partial<GenerationSettings>;
  backoff?: Partial<BackoffOptions>;
  port?: number;
  devRoutes?: boolean;
  openExternal?: (url: string) => Promise<void> | void;
  /** The models folder the settings panel lists and downloads into; default <dataDir>/models. */
  modelsRoot?: string;
  /** The catalog the settings panel offers (tests: the tiny model's). */
  catalog?: Catalog;
  /** The hub models come from; default HF_ENDPOINT / HF_TOKEN. */
  hub?: HubOptions;
  retry?: Partial<RetryPolicy>;
  /** Where API keys go; default in memory (a browser host has no keychain: keys last as long as the host). */
  secrets?: SecretStore;
  /** The model servers' fetch (tests). */
  fetch?: FetchLike;
}

export interface DevWebHost {
  web: WebHost;
  service: ChatService;
  settings: SettingsService;
  backends: BackendSwitch;
  engine: EngineHost;
  history: HistoryStore;
  close(): Promise<void>;
}

export async function startDevWebHost(options: DevWebHostOptions): Promise<DevWebHost> {
  const entry = options.engine ?? {
    entry: path.join(repoRoot, 'main/engine/entry.ts'),
    execArgv: ['--import', 'tsx'],
  };
  const engine = new EngineHost({
    launcher: createNodeLauncher({ ...entry, cwd: repoRoot }),
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
  const settings = settingsFilePort(new SettingsStore(options.dataDir, defaultSettings('CommandOrControl+Shift+2')));
  const initial = await settings.all();
  const history = new HistoryStore(path.join(options.dataDir, 'history'), { keep: initial.historyDays !== 0 });
  // Conversations older than the settings' limit go at start.
  if (initial.historyDays !== undefined && initial.historyDays > 0) await history.prune(initial.historyDays);
  // Answers come from the local engine or a model server, as the settings say (SettingsService.init).
  const backends = new BackendSwitch(localBackend(engine));
  const secrets = options.secrets ?? new MemorySecretStore();
  // Outside Electron sharp may run in this process: captures are scaled for servers directly.
  const backendDeps = {
    local: backends.current,
    secrets,
    prepareImage: directPrepareImage,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  // The chat service needs the settings file first; the settings service reaches it through this.
  const late: { service?: ChatService } = {};
  const settingsService = new SettingsService({
    settings,
    // No global shortcuts in a browser: a valid one is accepted and saved.
    applyHotkey: (accelerator) => {
      const reason = acceleratorProblem(accelerator);
      return reason ? { ok: false, reason } : { ok: true };
    },
    setIdleMinutes: () => {},
    history,
    models: {
      root: options.modelsRoot ?? path.join(options.dataDir, 'models'),
      ...(options.catalog ? { catalog: options.catalog } : {}),
      ...(options.hub ? { hub: options.hub } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    },
    secrets,
    backends: backendPorts(backends, backendDeps),
    chat: {
      setModel: (model) => late.service?.setModel(model),
      reportDownload: (name, progress) => late.service?.reportDownload(name, progress),
      loadModel: () => late.service?.loadModel(),
      get status() {
        return late.service?.status ?? { kind: 'starting' as const };
      },
    },
    notify: (title, body) => console.log(`${title}: ${body}`),
  });
  await settingsService.init();
  // The model: the one given, else the one the settings chose if it is installed.
  const chosen = options.model ?? (await settingsService.chosenModel());
  const service = new ChatService({
    engine: routeAsks(engine, backends),
    store: history,
    settings,
    ...(chosen ? { model: chosen } : {}),
    generation: { ...defaultGenerationSettings, ...options.generation },
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
  });
  late.service = service;
  service.loadModel();
  let web: WebHost;
  try {
    web = await createWebHost({
      rendererDir: options.rendererDir ?? path.join(repoRoot, 'dist/renderer'),
      service,
      settings: settingsService,
      appInfo: webHostAppInfo(),
      ...(options.port !== undefined ? { port: options.port } : {}),
      devRoutes: options.devRoutes ?? true,
    });
  } catch (error) {
    await settingsService.dispose();
    await service.dispose();
    await engine.dispose();
    throw error;
  }
  return {
    web,
    service,
    settings: settingsService,
    backends,
    engine,
    history,
    close: async () => {
      await web.close();
      await settingsService.dispose();
      await service.dispose();
      await backends.current.dispose?.();
      await engine.dispose();
    },
  };
}

function webHostAppInfo(): AppInfo {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    productName?: string;
    version: string;
  };
  const platform = process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux';
  return {
    name: manifest.productName ?? 'Sightline',
    version: manifest.version,
    platform,
    versions: { electron: 'none (web host)', chrome: '', node: process.versions.node },
  };
}
