// The settings panel's state: the host's view of the settings (every change
// goes to the host, which validates, applies and saves it, then sends the
// new view to every page), the model list with live downloads, and the
// answer source's connection check. The page never holds an API key longer
// than the form does.
import { create } from 'zustand';
import type {
  ConnectionReport,
  DownloadEvent,
  ModelItem,
  RemoteBackendDraft,
  RemoteKind,
  SettingsPatch,
  SettingsView,
  UpdateReply,
} from '../../../common/settings-contract.js';
import { chatBridge } from '../bridge-for-page.js';
import { messageOf } from '../../../common/message-of.js';

export type Section = 'shortcut' | 'model' | 'general' | 'backend';

export interface SectionMessage {
  section: Section;
  text: string;
  tone: 'ok' | 'error';
}

export interface SettingsState {
  view: SettingsView | undefined;
  models: ModelItem[];
  /** The latest event of each model's download, while it runs and once it ended. */
  downloads: Record<string, DownloadEvent>;
  message: SectionMessage | undefined;
  report: ConnectionReport | undefined;
  checking: boolean;
  remoteModels: string[] | undefined;

  /** Loads the view and listens to the host; once per page. */
  connect(): Promise<void>;
  refreshModels(): Promise<void>;
  update(patch: SettingsPatch, section: Section, okText?: string): Promise<boolean>;
  /**
   * A change made outside the panel (the history view's "Keep conversation
   * history"): saved, and the view the host sends back shown. The reply says
   * whether it was refused, for the caller to tell where the change was made.
   */
  save(patch: SettingsPatch): Promise<UpdateReply>;
  download(id: string): Promise<void>;
  cancelDownload(id: string): Promise<void>;
  removeModel(id: string): Promise<void>;
  useModel(id: string): Promise<void>;
  checkBackend(draft: RemoteBackendDraft): Promise<void>;
  fetchRemoteModels(kind: RemoteKind, baseUrl: string): Promise<void>;
  setApiKey(kind: RemoteKind, apiKey: string | null): Promise<void>;
  say(section: Section, text: string, tone?: 'ok' | 'error'): void;
}

let connected = false;

export const useSettingsStore = create<SettingsState>((set, get) => {
  const settingsBridge = () => chatBridge().settings;
  const fail = (section: Section) => (error: unknown) =>
    set({ message: { section, text: messageOf(error), tone: 'error' } });
  const applyReply = (reply: UpdateReply, section: Section, okText?: string): boolean => {
    set({
      view: reply.view,
      message: reply.ok
        ? okText
          ? { section, text: okText, tone: 'ok' }
          : undefined
        : { section, text: reply.reason, tone: 'error' },
    });
    return reply.ok;
  };

  return {
    view: undefined,
    models: [],
    downloads: {},
    message: undefined,
    report: undefined,
    checking: false,
    remoteModels: undefined,

    async connect() {
      if (connected) return;
      connected = true;
      const bridge = settingsBridge();
      bridge.onChanged((view) => {
        const before = get().view?.settings.modelId;
        set({ view });
        // The model in use changed (here or in another window): the list marks it.
        if (view.settings.modelId !== before && get().models.length > 0) void get().refreshModels();
      });
      bridge.onDownloadProgress((event) => {
        set((state) => ({ downloads: { ...state.downloads, [event.id]: event } }));
        // A download that ended changes what is installed.
        if (event.state !== 'progress') void get().refreshModels();
      });
      try {
        set({ view: await bridge.get() });
      } catch {
        // The chat says the host cannot be reached; the panel shows nothing until it can.
        connected = false;
      }
    },

    async refreshModels() {
      try {
        const { models } = await settingsBridge().models();
        set((state) => {
          const downloads = { ...state.downloads };
          for (const model of models) if (model.download) downloads[model.id] = model.download;
          return { models, downloads };
        });
      } catch (error) {
        fail('model')(error);
      }
    },

    async update(patch, section, okText) {
      // Shown at once (a radio button or a select follows the click); the host's reply then
      // confirms it, or puts back what it kept with the reason.
      const view = get().view;
      if (view) {
        const { historyDays, ...rest } = patch;
        const settings = { ...view.settings, ...rest };
        if (historyDays === null) delete settings.historyDays;
        else if (historyDays !== undefined) settings.historyDays = historyDays;
        set({ view: { ...view, settings } });
      }
      try {
        return applyReply(await settingsBridge().update(patch), section, okText);
      } catch (error) {
        fail(section)(error);
        return false;
      }
    },

    async save(patch) {
      const reply = await settingsBridge().update(patch);
      set({ view: reply.view });
      return reply;
    },

    async download(id) {
      set((state) => {
        const { [id]: _previous, ...downloads } = state.downloads;
        return { downloads, message: undefined };
      });
      await settingsBridge().download(id).catch(fail('model'));
    },

    async cancelDownload(id) {
      await settingsBridge().cancelDownload(id).catch(fail('model'));
    },

    async removeModel(id) {
      try {
        const { models } = await settingsBridge().removeModel(id);
        // A "cancelled, it resumes where it stopped" line would now be wrong: what it resumed from is gone.
        set((state) => {
          const { [id]: _removed, ...downloads } = state.downloads;
          return { models, downloads, message: undefined };
        });
      } catch (error) {
        fail('model')(error);
      }
    },

    async useModel(id) {
      try {
        applyReply(await settingsBridge().useModel(id), 'model');
      } catch (error) {
        fail('model')(error);
      }
      await get().refreshModels();
    },

    async checkBackend(draft) {
      set({ checking: true, report: undefined });
      try {
        set({ report: await settingsBridge().checkBackend(draft) });
      } catch (error) {
        fail('backend')(error);
      } finally {
        set({ checking: false });
      }
    },

    async fetchRemoteModels(kind, baseUrl) {
      try {
        const reply = await settingsBridge().remoteModels(kind, baseUrl);
        set({ remoteModels: reply.ok ? reply.models : undefined });
        if (!reply.ok) set({ message: { section: 'backend', text: reply.reason, tone: 'error' } });
      } catch (error) {
        fail('backend')(error);
      }
    },

    async setApiKey(kind, apiKey) {
      try {
        set({ view: await settingsBridge().setApiKey(kind, apiKey), message: undefined });
      } catch (error) {
        fail('backend')(error);
      }
    },

    say(section, text, tone = 'error') {
      set({ message: { section, text, tone } });
    },
  };
});
