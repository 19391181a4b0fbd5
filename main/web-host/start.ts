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
import { defaultSettings } from '../core/settings.js';
import { EngineHost } from '../engine-host/engine-host.js';
import { createNodeLauncher } from '../engine-host/node-launcher.js';
import { ChatService, type ChatModel } from '../history/chat-service.js';
import { settingsFilePort } from '../history/chat-settings.js';
import { HistoryStore } from '../history/history-store.js';
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
}

export interface DevWebHost {
  web: WebHost;
  service: ChatService;
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
  const history = new HistoryStore(path.join(options.dataDir, 'history'), {
    keep: (await settings.get()).keepHistory,
  });
  // Conversations older than the settings' limit go at start.
  const { historyDays } = await settings.all();
  if (historyDays !== undefined && historyDays > 0) await history.prune(historyDays);
  const service = new ChatService({
    engine,
    store: history,
    settings,
    ...(options.model ? { model: options.model } : {}),
    generation: { ...defaultGenerationSettings, ...options.generation },
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
  });
  service.loadModel();
  let web: WebHost;
  try {
    web = await createWebHost({
      rendererDir: options.rendererDir ?? path.join(repoRoot, 'dist/renderer'),
      service,
      appInfo: webHostAppInfo(),
      ...(options.port !== undefined ? { port: options.port } : {}),
      devRoutes: options.devRoutes ?? true,
    });
  } catch (error) {
    await service.dispose();
    await engine.dispose();
    throw error;
  }
  return {
    web,
    service,
    engine,
    history,
    close: async () => {
      await web.close();
      await service.dispose();
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
