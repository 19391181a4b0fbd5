// The settings side of the app for the settings panel's browser tests and
// screenshots: installed in the page after the scripted app (fake-app.ts), it
// replaces the preload's settings functions with a host that keeps a view and
// a model list, records each change (window.__settings.updates), can refuse a
// change to a setting with a coded refusal as the real host does, and plays a
// download's progress on demand. One browser and one static server per test
// file; each page in its own context, in the language and size it asks for.
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright';
import { defaultSettings, type Settings } from '../../../../common/settings.js';
import type { DownloadEvent, ModelItem, SettingsPatch, SettingsView } from '../../../../common/settings-contract.js';
import { describeRefusal, type SettingsRefusal } from '../../../../common/settings-refusal.js';
import { launchChromium } from '../../../support/chromium.js';
import { testPng } from '../../../support/images.js';
import { distDir, requireBuild } from '../../../support/repo.js';
import { serveFolder, type StaticServer } from '../../../support/static-server.js';
import { installFakeApp, type FakeAppOptions } from '../fake-app.js';
import { openChatPage, type ChatPage, type OpenChatOptions } from '../open-chat.js';

export interface SettingsStandInOptions {
  settings?: Partial<Settings>;
  models?: ModelItem[];
  startAtLoginSupported?: boolean;
  screenShareHidingSupported?: boolean;
  modelsFolder?: string;
  /** A change to one of these settings is refused with this refusal (and its English reason). */
  refuse?: Partial<Record<keyof SettingsPatch, SettingsRefusal & { reason: string }>>;
}

/** What a test reads back and drives, as window.__settings. */
export interface SettingsStandIn {
  updates: SettingsPatch[];
  used: string[];
  /** Sends a download event to the page, as the host does while a model downloads. */
  progress(event: DownloadEvent): void;
}

declare global {
  interface Window {
    __settings: SettingsStandIn;
  }
}

interface StandInState {
  view: SettingsView;
  models: ModelItem[];
  refuse: NonNullable<SettingsStandInOptions['refuse']>;
}

function standIn(state: StandInState): void {
  const api = (window as unknown as { sightline: Record<string, unknown> }).sightline;
  const changed = new Set<(view: SettingsView) => void>();
  const downloads = new Set<(event: DownloadEvent) => void>();
  let view = state.view;
  let models = state.models;
  const copy = <T>(value: T): T => structuredClone(value);
  const settings: SettingsStandIn = {
    updates: [],
    used: [],
    progress: (event) => downloads.forEach((listener) => listener(event)),
  };
  window.__settings = settings;
  Object.assign(api, {
    settingsGet: () => Promise.resolve(copy(view)),
    settingsUpdate: (patch: SettingsPatch) => {
      settings.updates.push(patch);
      const key = Object.keys(patch).find((name) => name in state.refuse) as keyof SettingsPatch | undefined;
      const refusal = key && state.refuse[key];
      if (refusal) {
        const { reason, ...coded } = refusal;
        return Promise.resolve({ ok: false, reason, refusals: [coded], view: copy(view) });
      }
      const { historyDays, ...rest } = patch;
      const next = { ...view.settings, ...rest };
      if (historyDays === null) delete next.historyDays;
      else if (historyDays !== undefined) next.historyDays = historyDays;
      view = { ...view, settings: next };
      changed.forEach((listener) => listener(copy(view)));
      return Promise.resolve({ ok: true, view: copy(view) });
    },
    models: () => Promise.resolve({ models: copy(models) }),
    download: () => Promise.resolve(null),
    cancelDownload: () => Promise.resolve(null),
    removeModel: (id: string) => {
      models = models.map((model) => (model.id === id ? { ...model, installed: [] } : model));
      return Promise.resolve({ models: copy(models) });
    },
    useModel: (id: string) => {
      settings.used.push(id);
      models = models.map((model) => ({ ...model, inUse: model.id === id }));
      view = { ...view, settings: { ...view.settings, modelId: id } };
      return Promise.resolve({ ok: true, view: copy(view) });
    },
    onSettingsChanged: (listener: (view: SettingsView) => void) => {
      changed.add(listener);
      return () => changed.delete(listener);
    },
    onDownloadProgress: (listener: (event: DownloadEvent) => void) => {
      downloads.add(listener);
      return () => downloads.delete(listener);
    },
  });
}

/** Two models as the catalog lists them: one installed and in use, one not installed. */
export function sampleModels(): ModelItem[] {
  const base = { license: 'apache-2.0', dtype: 'q8' as const, recommended: false };
  return [
    {
      ...base,
      id: 'smolvlm-256m',
      displayName: 'SmolVLM 256M',
      goodFor: { en: 'Fast answers on any computer', fr: 'Des réponses rapides sur tout ordinateur' },
      bytes: 280_000_000,
      installed: [{ dtype: 'q8', bytes: 280_000_000 }],
      inUse: true,
      recommended: true,
    },
    {
      ...base,
      id: 'smolvlm-2b',
      displayName: 'SmolVLM 2.2B',
      goodFor: { en: 'Dense screenshots, small text', fr: 'Captures denses, petit texte' },
      bytes: 1_900_000_000,
      installed: [{ dtype: 'q8', bytes: 1_900_000_000 }],
      inUse: false,
    },
    {
      ...base,
      id: 'qwen-vl-3b',
      displayName: 'Qwen2.5-VL 3B',
      goodFor: { en: 'Charts and documents', fr: 'Graphiques et documents' },
      bytes: 3_100_000_000,
      installed: [],
      inUse: false,
    },
  ];
}

export interface SettingsPageOptions extends Pick<OpenChatOptions, 'locale' | 'viewport' | 'colorScheme'> {
  standIn?: SettingsStandInOptions;
}

/** Installs the scripted app and, over it, the settings stand-in, in every page of `page`'s context loaded from now on. */
export async function installSettingsStandIn(
  page: Page,
  png: number[],
  options: SettingsStandInOptions = {},
  app: Pick<FakeAppOptions, 'status'> = {},
): Promise<void> {
  const settings: Settings = { ...defaultSettings('CommandOrControl+Shift+2'), ...options.settings };
  const state: StandInState = {
    view: {
      settings,
      apiKeyStored: { ollama: false, openai: false },
      privacy: { sendsOffMachine: false, sentence: 'Captures stay on this computer: the model runs here.' },
      startAtLoginSupported: options.startAtLoginSupported ?? true,
      screenShareHidingSupported: options.screenShareHidingSupported ?? true,
      ...(options.modelsFolder ? { modelsFolder: options.modelsFolder } : {}),
    },
    models: options.models ?? sampleModels(),
    refuse: options.refuse ?? {},
  };
  await installFakeApp(page, { png, width: 64, height: 32, settings, ...app });
  await page.addInitScript({ content: `(${standIn.toString()})(${JSON.stringify(state)});` });
}

/** Opens the chat page with the scripted app and the settings stand-in, on the settings view. */
export async function openSettingsPage(
  browser: Browser,
  url: string,
  png: number[],
  { standIn: options = {}, ...browsing }: SettingsPageOptions = {},
): Promise<ChatPage> {
  const chat = await openChatPage(browser, url, {
    ...browsing,
    beforeLoad: (page: Page) => installSettingsStandIn(page, png, options),
  });
  // Connected: the header offers the views.
  await chat.page.locator('.chat-nav').waitFor();
  await chat.page.keyboard.press('Control+Comma');
  await chat.page.locator('#settings-section').waitFor();
  return chat;
}

/** A refusal as the host sends it: coded, and worded in English. */
export const hostRefusal = (refusal: SettingsRefusal) => ({ ...refusal, reason: describeRefusal(refusal) });

/** The browser and static server for one test file; returns how to open a settings page. */
export function settingsPagesForThisFile(): (options?: SettingsPageOptions) => Promise<ChatPage> {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  let png: number[] = [];
  before(async () => {
    requireBuild();
    server = await serveFolder(path.join(distDir, 'renderer'));
    browser = await launchChromium();
    png = [...(await testPng(64, 32))];
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return (options) => {
    if (!browser || !server) throw new Error('The settings pages open once the tests start.');
    return openSettingsPage(browser, `${server.url}/chat/index.html`, png, options);
  };
}
