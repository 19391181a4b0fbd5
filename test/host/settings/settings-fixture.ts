// A settings service for the tests in this folder: a real settings file in a
// fresh folder, fakes for the platform (shortcut, theme, login item, screen
// share, notifications) and for the chat, real API-key storage in memory, and
// real answer backends over a scripted engine.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultSettings } from '../../../common/settings.js';
import type { DownloadEvent, SettingsView } from '../../../common/settings-contract.js';
import { BackendSwitch } from '../../../host/answers/backend-switch.js';
import { directPrepareImage } from '../../../host/model-servers/direct-prepare-image.js';
import { localBackend } from '../../../host/answers/local-backend.js';
import { MemorySecretStore } from '../../../host/secrets/secret-store.js';
import type { ChatControl, ChatModel, DownloadProgress } from '../../../host/settings/chat-control.js';
import type { ModelSource } from '../../../host/settings/model-manager.js';
import type { AppNotice } from '../../../host/settings/model-settings.js';
import { backendPorts } from '../../../host/settings/model-server-settings.js';
import { settingsFilePort } from '../../../host/settings/settings-file.js';
import { SettingsService } from '../../../host/settings/settings-service.js';
import { SettingsStore } from '../../../host/settings/settings-store.js';
import type { HotkeyResult } from '../../../host/settings/settings-values.js';
import { ScriptedEngine } from '../chat/scripted-engine.js';

/** The chat as the settings drive it, recording what it was told. */
export interface FakeChat extends ChatControl {
  models: ChatModel[];
  reported: DownloadProgress[];
  loads: number;
}

function fakeChat(): FakeChat {
  const chat: FakeChat = {
    status: { kind: 'no-model' },
    models: [],
    reported: [],
    loads: 0,
    setModel: (model) => void chat.models.push(model),
    reportDownload: (_name, progress) => void chat.reported.push(progress),
    loadModel: () => void chat.loads++,
  };
  return chat;
}

export interface SetupOptions {
  /** Shortcuts another app holds. */
  taken?: string[];
  /** false: the platform cannot start apps at login. */
  startAtLogin?: boolean;
  /** false: the platform cannot keep windows out of screen shares. */
  screenShare?: boolean;
  /** Where models come from; default the built-in catalog, installed in <folder>/models. */
  models?: (dir: string) => ModelSource;
}

const dirs: string[] = [];

/** Removes every folder setup made (call from an `after` hook). */
export async function removeSetupFolders(): Promise<void> {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
}

export async function setup(options: SetupOptions = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-settings-service-'));
  dirs.push(dir);
  const store = new SettingsStore(dir, defaultSettings('Alt+Shift+S'));
  const settings = settingsFilePort(store);
  const registered: string[] = ['Alt+Shift+S'];
  const themes: string[] = [];
  const loginItems: boolean[] = [];
  const hiddenFromScreenShare: boolean[] = [];
  const notices: AppNotice[] = [];
  const engine = new ScriptedEngine();
  const backends = new BackendSwitch(localBackend(engine, { model: undefined, state: 'ready' }));
  const secrets = new MemorySecretStore();
  const chat = fakeChat();
  const service = new SettingsService({
    settings,
    applyHotkey: (accelerator): HotkeyResult => {
      if (options.taken?.includes(accelerator)) return { ok: false, reason: `${accelerator} is used by another app.` };
      registered.push(accelerator);
      return { ok: true };
    },
    applyTheme: (theme) => void themes.push(theme),
    setStartAtLogin:
      options.startAtLogin === false
        ? undefined
        : async (enabled) => {
            // A system call: it takes a moment.
            await new Promise((resolve) => setTimeout(resolve, 20));
            loginItems.push(enabled);
          },
    setHiddenFromScreenShare:
      options.screenShare === false ? undefined : (hidden) => void hiddenFromScreenShare.push(hidden),
    models: options.models?.(dir) ?? { root: path.join(dir, 'models') },
    secrets,
    backends: backendPorts(backends, { local: backends.current, secrets, prepareImage: directPrepareImage }),
    chat,
    notify: (notice) => void notices.push(notice),
  });
  const changes: SettingsView[] = [];
  service.onChanged((view) => changes.push(view));
  return {
    dir,
    store,
    settings,
    service,
    registered,
    themes,
    loginItems,
    hiddenFromScreenShare,
    notices,
    engine,
    backends,
    secrets,
    chat,
    changes,
  };
}

/** The settings file as saved on disk. */
export const settingsFileText = (dir: string) => readFile(path.join(dir, 'settings.json'), 'utf8');

/** Collects download events into `events`; resolves with the first that ends the download. */
export function downloadEnd(service: SettingsService, events: DownloadEvent[]): Promise<DownloadEvent> {
  return new Promise((resolve) => {
    service.onDownload((event) => {
      events.push(event);
      if (event.state !== 'progress') resolve(event);
    });
  });
}
