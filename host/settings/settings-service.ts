// What the settings page talks to, whoever carries the messages (Electron IPC
// through main/app/start-settings.ts, or the development web host), built from
// three parts: the values (settings-values.ts), the models and their
// downloads (model-settings.ts), and the model servers
// (model-server-settings.ts). It keeps the events every open page hears: the
// settings changed, a download moved on, the tray asked for a view.
// Node only, no electron: the app passes its adapters in, tests pass fakes.
import type { AppView, DownloadEvent, SettingsView } from '../../common/settings-contract.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { ApiKeys } from './api-keys.js';
import type { ChatControl } from './chat-control.js';
import type { ModelSource } from './model-manager.js';
import { ModelServerSettings, type BackendPorts } from './model-server-settings.js';
import { ModelSettings, type AppNotice } from './model-settings.js';
import type { SettingsFile } from './settings-file.js';
import { settingsReplies, type SettingsReplies } from './settings-replies.js';
import { SettingsValues, type SettingsEffects } from './settings-values.js';

export interface SettingsServiceOptions extends SettingsEffects {
  /** The settings file, shared with the chat (settingsFilePort). */
  settings: SettingsFile;
  /** Where models are installed and downloaded from. */
  models: ModelSource;
  /** Where model servers' API keys are kept. */
  secrets: SecretStore;
  backends: BackendPorts;
  chat: ChatControl;
  /** A system notification ("model download finished"), worded by the app. */
  notify?(notice: AppNotice): void;
}

type Listener<T> = (value: T) => void;

export class SettingsService {
  readonly values: SettingsValues;
  readonly models: ModelSettings;
  readonly servers: ModelServerSettings;
  private readonly replies: SettingsReplies;
  private readonly changed = new Set<Listener<SettingsView>>();
  private readonly downloads = new Set<Listener<DownloadEvent>>();
  private readonly views = new Set<Listener<AppView>>();
  private readonly offChange: () => void;

  constructor(options: SettingsServiceOptions) {
    const { settings, backends, chat } = options;
    const keys = new ApiKeys(options.secrets);
    const replies = settingsReplies({
      settings,
      keys,
      startAtLoginSupported: options.setStartAtLogin !== undefined,
      screenShareHidingSupported: options.setHiddenFromScreenShare !== undefined,
      modelsFolder: options.models.root,
    });
    this.replies = replies;
    this.models = new ModelSettings({
      settings,
      models: options.models,
      chat,
      replies,
      onDownload: (event) => {
        for (const listener of this.downloads) listener(event);
      },
      notify: (notice) => options.notify?.(notice),
    });
    this.values = new SettingsValues({
      settings,
      effects: options,
      keys,
      backends,
      replies,
      reloadModel: (saved) => this.models.reload(saved),
    });
    this.servers = new ModelServerSettings({ settings, keys, backends, replies, announce: () => this.announce() });
    this.offChange = settings.onChange(() => void this.announce());
  }

  /** Every page hears the settings as saved after each change (from any page, or the chat panel). */
  onChanged(listener: Listener<SettingsView>): () => void {
    this.changed.add(listener);
    return () => this.changed.delete(listener);
  }

  /** Every page hears each download's progress and how it ended. */
  onDownload(listener: Listener<DownloadEvent>): () => void {
    this.downloads.add(listener);
    return () => this.downloads.delete(listener);
  }

  onShowView(listener: Listener<AppView>): () => void {
    this.views.add(listener);
    return () => this.views.delete(listener);
  }

  /** The tray's "Settings…" / "History…": every page shows that view. */
  showView(view: AppView): void {
    for (const listener of this.views) listener(view);
  }

  async dispose(): Promise<void> {
    this.offChange();
    this.models.dispose();
    this.changed.clear();
    this.downloads.clear();
    this.views.clear();
  }

  private async announce(): Promise<void> {
    if (this.changed.size === 0) return;
    const view = await this.replies.view();
    for (const listener of this.changed) listener(view);
  }
}
