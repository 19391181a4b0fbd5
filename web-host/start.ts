// Assembles the development web host: the app's chat runtime (the real engine
// in a Node child process, as the CLI runs it; history and settings in a data
// folder), its settings service, and the http + WebSocket server. Used by
// `npm run dev:web` (cli.ts) and by the chat panel's end-to-end tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackoffOptions } from '../common/backoff.js';
import type { GenerationSettings } from '../common/engine-protocol.js';
import type { AppInfo } from '../common/ipc-contract.js';
import { acceleratorProblem } from '../common/accelerator.js';
import { defaultSettings } from '../common/settings.js';
import type { EngineHost } from '../host/engine-host/engine-host.js';
import { createNodeLauncher } from '../host/engine-host/node-launcher.js';
import type { ChatService } from '../host/chat/chat-service.js';
import type { ChatModel } from '../host/settings/chat-control.js';
import type { HistoryStore } from '../host/history/history-store.js';
import type { Catalog, HubOptions, RetryPolicy } from '../host/models/index.js';
import type { BackendSwitch } from '../host/answers/backend-switch.js';
import { directPrepareImage } from '../host/model-servers/direct-prepare-image.js';
import type { FetchLike } from '../host/model-servers/remote-http.js';
import { MemorySecretStore, type SecretStore } from '../host/secrets/secret-store.js';
import { historyDirIn, startChatRuntime } from '../host/chat-runtime.js';
import { startRuntimeSettings } from '../host/settings-runtime.js';
import type { SettingsService } from '../host/settings/settings-service.js';
import { SettingsStore } from '../host/settings/settings-store.js';
import { createWebHost, type WebHost } from './web-host.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..');

export interface DevWebHostOptions {
  /** The built pages; default dist/renderer. */
  rendererDir?: string;
  /** Holds settings.json and history/. */
  dataDir: string;
  model?: ChatModel;
  /** The engine's entry; default engine/entry.ts through tsx. */
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
    entry: path.join(repoRoot, 'engine/entry.ts'),
    execArgv: ['--import', 'tsx'],
  };
  const modelsRoot = options.modelsRoot ?? path.join(options.dataDir, 'models');
  // The same runtime as the app's, with a Node child for the engine and, as
  // sharp may run in this process, captures scaled for servers directly.
  const runtime = await startChatRuntime({
    launcher: createNodeLauncher({ ...entry, cwd: repoRoot }),
    settingsStore: new SettingsStore(options.dataDir, defaultSettings('CommandOrControl+Shift+2')),
    historyDir: historyDirIn(options.dataDir),
    modelsRoot,
    secrets: options.secrets ?? new MemorySecretStore(),
    prepareImage: directPrepareImage,
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.generation ? { generation: options.generation } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  let settings: SettingsService | undefined;
  let web: WebHost;
  try {
    settings = await startRuntimeSettings(runtime, {
      // No global shortcuts in a browser: a valid one is accepted and saved.
      applyHotkey: (accelerator) => {
        const reason = acceleratorProblem(accelerator);
        return reason ? { ok: false, reason } : { ok: true };
      },
      models: {
        root: modelsRoot,
        ...(options.catalog ? { catalog: options.catalog } : {}),
        ...(options.hub ? { hub: options.hub } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
      },
      // A browser has no system notifications; the host's console says it (in English, like its other lines).
      notify: (notice) => console.log(`Model downloaded: ${notice.model} is ready to use.`),
    });
    web = await createWebHost({
      rendererDir: options.rendererDir ?? path.join(repoRoot, 'dist/renderer'),
      service: runtime.service,
      settings,
      appInfo: webHostAppInfo(),
      ...(options.port !== undefined ? { port: options.port } : {}),
      devRoutes: options.devRoutes ?? true,
    });
  } catch (error) {
    await settings?.dispose();
    await runtime.dispose();
    throw error;
  }
  const settingsService = settings;
  return {
    web,
    service: runtime.service,
    settings: settingsService,
    backends: runtime.backends,
    engine: runtime.engine,
    history: runtime.history,
    close: async () => {
      await web.close();
      await settingsService.dispose();
      await runtime.dispose();
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
    arch: process.arch,
    versions: { electron: 'none (web host)', chrome: '', node: process.versions.node },
  };
}
