// The settings panel's state: the host's view of the settings (every change
// goes to the host, which validates, applies and saves it, then sends the
// new view to every page), the section shown, what was refused and where
// (per field, worded by the page: refusal-words.ts), the model list with live
// downloads, and the answer source's connection check. The page never holds
// an API key longer than the form does.
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
import type { SettingsField, SettingsRefusal } from '../../../common/settings-refusal.js';
import { chatBridge } from '../bridge-for-page.js';
import { reasonOf } from '../store/reason.js';

/** The panel's sections, in the order its navigation lists them. */
export const settingsSections = ['general', 'model', 'backend', 'shortcut', 'privacy', 'about'] as const;
export type Section = (typeof settingsSections)[number];

/** A section's last outcome that belongs to no one field: a refusal, a failure, or a quiet confirmation. */
export type SectionMessage =
  | { section: Section; tone: 'ok'; key: string }
  | { section: Section; tone: 'error'; refusal: SettingsRefusal }
  | { section: Section; tone: 'error'; text: string };

export type FieldRefusals = Partial<Record<SettingsField, SettingsRefusal>>;

export interface SettingsState {
  view: SettingsView | undefined;
  models: ModelItem[];
  /** The latest event of each model's download, while it runs and once it ended. */
  downloads: Record<string, DownloadEvent>;
  section: Section;
  message: SectionMessage | undefined;
  /** What was refused, beside each field, until the field changes or a change to it is applied. */
  refusals: FieldRefusals;
  report: ConnectionReport | undefined;
  checking: boolean;
  remoteModels: string[] | undefined;

  /** Loads the view and listens to the host; once per page. */
  connect(): Promise<void>;
  showSection(section: Section): void;
  refreshModels(): Promise<void>;
  /** Sends a change; `okKey` is the confirmation's i18n key, said in `section` once applied. */
  update(patch: SettingsPatch, section: Section, okKey?: string): Promise<boolean>;
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
  /** Shows refusals the page found itself (a draft checked before it is sent), beside their fields. */
  refuse(section: Section, refusals: SettingsRefusal[]): void;
  /** The field changed: what was refused there no longer stands. */
  clearRefusal(...fields: SettingsField[]): void;
  /** A failure in words already (the host unreachable, a server's answer). */
  say(section: Section, text: string): void;
}

let connected = false;

/** The fields a patch changes: a server's settings change each of their fields. */
function fieldsOf(patch: SettingsPatch): SettingsField[] {
  const fields = Object.keys(patch) as SettingsField[];
  if (patch.backend) fields.push(...(Object.keys(patch.backend).map((key) => `backend.${key}`) as SettingsField[]));
  return fields;
}

export const useSettingsStore = create<SettingsState>((set, get) => {
  const settingsBridge = () => chatBridge().settings;
  const fail = (section: Section) => (error: unknown) =>
    set({ message: { section, tone: 'error', text: reasonOf(error) } });
  const withoutFields = (fields: readonly SettingsField[]): FieldRefusals => {
    const refusals = { ...get().refusals };
    for (const field of fields) delete refusals[field];
    return refusals;
  };
  const showRefusals = (section: Section, refusals: readonly SettingsRefusal[]) => {
    const byField = { ...get().refusals };
    let general: SettingsRefusal | undefined;
    for (const refusal of refusals) {
      if (refusal.field) byField[refusal.field] = refusal;
      else general ??= refusal;
    }
    set({ refusals: byField, message: general && { section, tone: 'error', refusal: general } });
  };
  const applyReply = (reply: UpdateReply, section: Section, fields: SettingsField[], okKey?: string): boolean => {
    set({ view: reply.view });
    if (!reply.ok) {
      showRefusals(section, reply.refusals);
      return false;
    }
    set({ refusals: withoutFields(fields), message: okKey ? { section, tone: 'ok', key: okKey } : undefined });
    return true;
  };

  return {
    view: undefined,
    models: [],
    downloads: {},
    section: 'general',
    message: undefined,
    refusals: {},
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

    showSection(section) {
      // A message belongs to the section it was said in; another section starts quiet.
      set({ section, message: undefined });
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

    async update(patch, section, okKey) {
      // Shown at once (a switch or a segment follows the click); the host's reply then
      // confirms it, or puts back what it kept, with why beside the field.
      const view = get().view;
      if (view) {
        const { historyDays, ...rest } = patch;
        const settings = { ...view.settings, ...rest };
        if (historyDays === null) delete settings.historyDays;
        else if (historyDays !== undefined) settings.historyDays = historyDays;
        set({ view: { ...view, settings } });
      }
      try {
        return applyReply(await settingsBridge().update(patch), section, fieldsOf(patch), okKey);
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
        applyReply(await settingsBridge().useModel(id), 'model', ['modelId']);
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
        if (!reply.ok) get().say('backend', reply.reason);
      } catch (error) {
        fail('backend')(error);
      }
    },

    async setApiKey(kind, apiKey) {
      try {
        set({ view: await settingsBridge().setApiKey(kind, apiKey), message: undefined });
        get().clearRefusal('apiKey');
      } catch (error) {
        fail('backend')(error);
      }
    },

    refuse(section, refusals) {
      showRefusals(section, refusals);
    },

    clearRefusal(...fields) {
      if (fields.some((field) => get().refusals[field])) set({ refusals: withoutFields(fields) });
    },

    say(section, text) {
      set({ message: { section, tone: 'error', text } });
    },
  };
});
