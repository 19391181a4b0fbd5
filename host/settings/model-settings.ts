// The settings page's models: the catalog as the page lists it, downloads
// started, cancelled and reported to every page, models removed, and the
// model the chat uses — chosen on the page, taken at once after a first
// download, loaded again when the device changes. The model manager does the
// folder and download work; this ties it to the settings file and the chat.
import { messageOf } from '../../common/message-of.js';
import type { Settings } from '../../common/settings.js';
import type { DownloadEvent, ModelsView, UpdateReply } from '../../common/settings-contract.js';
import type { CatalogEntry } from '../models/index.js';
import type { ChatControl, ChatModel } from './chat-control.js';
import { ModelManager, type DownloadHandlers, type ModelSource } from './model-manager.js';
import { SettingsError } from './settings-error.js';
import type { SettingsFile } from './settings-file.js';
import type { SettingsReplies } from './settings-replies.js';

export interface ModelSettingsOptions {
  settings: SettingsFile;
  models: ModelSource;
  chat: ChatControl;
  replies: SettingsReplies;
  /** Every page hears each download's progress and how it ended. */
  onDownload(event: DownloadEvent): void;
  /** A system notification, worded by the app in its language. */
  notify(notice: AppNotice): void;
}

/** What the settings tell the user in a system notification: main words it in the app's language. */
export type AppNotice = { kind: 'model-downloaded'; model: string };

export class ModelSettings {
  private readonly manager: ModelManager;

  constructor(private readonly options: ModelSettingsOptions) {
    this.manager = new ModelManager(options.models);
  }

  async list(): Promise<ModelsView> {
    const settings = await this.options.settings.all();
    const models = await this.manager.list(settings.device, settings.modelId);
    if (settings.modelId !== undefined) return { models };
    // None chosen: the chat runs the catalog's default once it is installed (host/chat-runtime.ts).
    const fallback = this.manager.catalog.defaultModel;
    return {
      models: models.map((model) =>
        model.id === fallback && model.installed.length > 0 ? { ...model, inUse: true } : model,
      ),
    };
  }

  /** Starts a download; how it goes is told through onDownload, never by rejecting. */
  async download(id: string): Promise<void> {
    const { chat, onDownload, notify } = this.options;
    const settings = await this.options.settings.all();
    this.entry(id);
    // The status line follows a download only when there is nothing else to show: no model yet.
    const feedStatus = chat.status.kind === 'no-model';
    const handlers: DownloadHandlers = {
      progress: (entry, event) => {
        onDownload(event);
        if (feedStatus) {
          chat.reportDownload(entry.displayName, {
            phase: event.phase,
            bytesDone: event.bytesDone,
            bytesTotal: event.bytesTotal,
            etaSeconds: event.etaSeconds,
          });
        }
      },
      done: (entry, installed) => {
        // Said once the model is in use (where it is taken at once), so the page lists it that way.
        void this.afterDownload(id, feedStatus).finally(() => {
          onDownload({ state: 'done', id, dtype: installed.dtype });
          notify({ kind: 'model-downloaded', model: entry.displayName });
        });
      },
      failed: (_entry, reason) => {
        onDownload({ state: 'failed', id, reason });
        if (feedStatus) chat.loadModel();
      },
      cancelled: () => {
        onDownload({ state: 'cancelled', id });
        if (feedStatus) chat.loadModel();
      },
    };
    this.manager.download(id, settings.device, handlers);
  }

  cancelDownload(id: string): void {
    this.manager.cancel(id);
  }

  /** Removes an installed model; the one in use and one downloading are refused. */
  async remove(id: string): Promise<ModelsView> {
    this.entry(id);
    const listed = (await this.list()).models.find((model) => model.id === id);
    if (listed?.inUse) throw new SettingsError('This model is in use: choose another one before removing it.');
    if (this.manager.isDownloading(id)) throw new SettingsError('This model is downloading: cancel it first.');
    await this.manager.remove(id);
    return this.list();
  }

  /** Makes an installed model the one the chat uses, and saves that. */
  async use(id: string): Promise<UpdateReply> {
    const current = await this.options.settings.all();
    const model = await this.modelFor(id, current);
    if (!model) {
      const { displayName } = this.entry(id);
      return this.options.replies.refuse({ code: 'model-not-installed', field: 'modelId', detail: displayName });
    }
    await this.options.settings.save({ ...current, modelId: id });
    this.options.chat.setModel(model);
    return { ok: true, view: await this.options.replies.view() };
  }

  /** Loads the settings' model again, on their device (a device change applies this way). */
  async reload(settings: Settings): Promise<void> {
    if (settings.modelId === undefined) return;
    const model = await this.modelFor(settings.modelId, settings);
    if (model) this.options.chat.setModel(model);
  }

  /** Cancels every download still running. */
  dispose(): void {
    this.manager.cancelAll();
  }

  /** A finished download is used at once when no model is set up yet. */
  private async afterDownload(id: string, noModelBefore: boolean): Promise<void> {
    const settings = await this.options.settings.all();
    const usable = settings.modelId !== undefined && (await this.manager.installed(settings.modelId, settings.device));
    if (noModelBefore || !usable) await this.use(id).catch(() => undefined);
  }

  /** The model to load for `id` on the settings' device, if installed (an id not in the catalog is refused). */
  private async modelFor(id: string, settings: Settings): Promise<ChatModel | undefined> {
    const { displayName } = this.entry(id);
    const installed = await this.manager.installed(id, settings.device);
    return installed && { dir: installed.dir, name: displayName, device: settings.device };
  }

  private entry(id: string): CatalogEntry {
    try {
      return this.manager.entry(id);
    } catch (error) {
      throw new SettingsError(messageOf(error));
    }
  }
}
