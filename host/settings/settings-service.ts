// What the settings panel talks to, whoever carries the messages (Electron IPC
// through settings-ipc.ts, or the development web host). It validates every
// change, applies it through ports — the global shortcut, the theme, start
// at login, the model the engine loads, the backend that answers — and saves
// it. The one change a port can refuse (a shortcut another app holds) is
// applied before anything is saved, so a refusal leaves everything as it was.
// (Over 400 lines: values, downloads and backend checks in one service; splitting
// them along those seams is part of the structure work.)
// Node only, no electron: the app passes its adapters in, tests pass fakes.
import { acceleratorProblem } from '../../common/accelerator.js';
import type { BackendSettings, RemoteBackendSettings } from '../../common/backend-settings.js';
import { defaultTimeoutMs } from '../../common/backend-settings.js';
import { describeBackendPrivacy } from '../../common/backend-privacy.js';
import { describeIssues } from '../../common/schema.js';
import { Settings } from '../../common/settings.js';
import {
  apiKeyRefFor,
  RemoteBackendDraft,
  SetApiKey,
  SettingsPatch,
  type AppView,
  type ConnectionReport,
  type DownloadEvent,
  type ModelsView,
  type RemoteKind,
  type RemoteModelsReply,
  type SettingsView,
  type UpdateReply,
} from '../../common/settings-contract.js';
import type { ChatModel, ChatService } from '../chat/chat-service.js';
import type { SettingsFile } from '../chat/chat-settings.js';
import type { AnswerBackend } from '../answers/answer-backend.js';
import type { BackendSwitch } from '../answers/backend-switch.js';
import { createBackend, createRemoteBackend, type BackendDependencies } from '../answers/create-backend.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { ModelManager, type DownloadHandlers, type ModelSource } from './model-manager.js';

export type HotkeyResult = { ok: true } | { ok: false; reason: string };

/** How answers get their backend: the switch the chat asks through, and a factory for checks. */
export interface BackendPorts {
  /** Answers come from this backend from the next question on. */
  use(settings: BackendSettings): void;
  /** A model server's backend, for a connection check or its model list (disposed after). */
  remote(settings: RemoteBackendSettings): AnswerBackend;
}

/** BackendPorts over a BackendSwitch and createBackend (host/model-servers). */
export function backendPorts(backends: BackendSwitch, deps: BackendDependencies): BackendPorts {
  return {
    use: (settings) => backends.use(createBackend(settings, deps)),
    remote: (settings) => createRemoteBackend(settings, deps),
  };
}

/** The part of ChatService the settings drive. */
export type ChatControl = Pick<ChatService, 'setModel' | 'reportDownload' | 'loadModel' | 'status'>;

export interface SettingsServiceOptions {
  /** The settings file, shared with the chat (settingsFilePort). */
  settings: SettingsFile;
  /** Registers the global capture shortcut; on failure the old one must stay registered. */
  applyHotkey(accelerator: string): Promise<HotkeyResult> | HotkeyResult;
  /** Electron's nativeTheme.themeSource; the pages apply the theme themselves. */
  applyTheme?(theme: Settings['theme']): void;
  /** Absent where the platform cannot start apps at login (the page hides the option). */
  setStartAtLogin?: ((enabled: boolean) => Promise<void> | void) | undefined;
  /** Electron's content protection for every window; absent where the platform has none (Linux). */
  setHiddenFromScreenShare?: ((hidden: boolean) => void) | undefined;
  /** The model keeper's idle unload (ModelKeeper.setIdleMinutes). */
  setIdleMinutes?(minutes: number): void;
  /** The history store: keeping on or off, and old conversations pruned. */
  history?: { setKeeping(keep: boolean): Promise<void>; prune(days: number): Promise<unknown> };
  models: ModelSource;
  secrets: SecretStore;
  backends: BackendPorts;
  chat: ChatControl;
  /** A system notification ("model download finished"). */
  notify?(title: string, body: string): void;
}

/** A request the service refuses, with a message for the page (not logged as a fault). */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

type Listener<T> = (value: T) => void;

export class SettingsService {
  readonly models: ModelManager;
  private readonly options: SettingsServiceOptions;
  private readonly changed = new Set<Listener<SettingsView>>();
  private readonly downloads = new Set<Listener<DownloadEvent>>();
  private readonly views = new Set<Listener<AppView>>();
  private readonly offChange: () => void;
  private updates: Promise<unknown> = Promise.resolve();

  constructor(options: SettingsServiceOptions) {
    this.options = options;
    this.models = new ModelManager(options.models);
    this.offChange = options.settings.onChange(() => void this.announce());
  }

  /** Applies the saved theme (the chat runtime has already set up the saved backend). */
  async init(): Promise<void> {
    const settings = await this.options.settings.all();
    this.options.applyTheme?.(settings.theme);
    this.options.setHiddenFromScreenShare?.(settings.hideFromScreenShare);
  }

  // --- events -------------------------------------------------------------------

  onChanged(listener: Listener<SettingsView>): () => void {
    this.changed.add(listener);
    return () => this.changed.delete(listener);
  }

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

  // --- settings -------------------------------------------------------------------

  async view(): Promise<SettingsView> {
    const settings = await this.options.settings.all();
    const privacy = describeBackendPrivacy(settings.backend);
    const [ollama, openai] = await Promise.all([this.hasKey('ollama'), this.hasKey('openai')]);
    return {
      settings,
      apiKeyStored: { ollama, openai },
      privacy: {
        sendsOffMachine: privacy.sendsOffMachine,
        ...(privacy.host !== undefined ? { host: privacy.host } : {}),
        sentence: privacy.sentence,
      },
      startAtLoginSupported: this.options.setStartAtLogin !== undefined,
      screenShareHidingSupported: this.options.setHiddenFromScreenShare !== undefined,
    };
  }

  /**
   * Validates, applies and saves a change. Changes run one after another:
   * each starts from what the one before saved (two quick changes on the
   * page must both stick).
   */
  update(raw: unknown): Promise<UpdateReply> {
    const run = this.updates.then(() => this.updateNow(raw));
    this.updates = run.catch(() => undefined);
    return run;
  }

  private async updateNow(raw: unknown): Promise<UpdateReply> {
    const parsed = SettingsPatch.safeParse(raw);
    if (!parsed.success) return this.refuse(`Settings not saved: ${describeIssues(parsed.error)}`);
    const patch = parsed.data;
    const current = await this.options.settings.all();
    const { historyDays, ...rest } = patch;
    const merged: Record<string, unknown> = { ...current, ...rest };
    if (historyDays === null) delete merged.historyDays;
    else if (historyDays !== undefined) merged.historyDays = historyDays;
    if (patch.backend) merged.backend = await this.withKeyRef(patch.backend);
    const candidate = Settings.safeParse(merged);
    if (!candidate.success) return this.refuse(`Settings not saved: ${describeIssues(candidate.error)}`);
    const next = candidate.data;

    const hotkeyChanged = next.hotkey !== current.hotkey;
    if (hotkeyChanged) {
      const problem = acceleratorProblem(next.hotkey);
      if (problem) return this.refuse(problem);
      const applied = await this.options.applyHotkey(next.hotkey);
      if (!applied.ok) return this.refuse(applied.reason);
    }
    const undoHotkey = async () => {
      if (hotkeyChanged) await this.options.applyHotkey(current.hotkey);
    };
    if (next.hideFromScreenShare !== current.hideFromScreenShare && !this.options.setHiddenFromScreenShare) {
      await undoHotkey();
      return this.refuse('This system cannot keep windows out of screen sharing (Linux captures every window).');
    }
    if (next.startAtLogin !== current.startAtLogin) {
      const set = this.options.setStartAtLogin;
      try {
        if (!set) throw new SettingsError('Starting at login is not available on this system.');
        await set(next.startAtLogin);
      } catch (error) {
        await undoHotkey();
        return this.refuse(messageOf(error));
      }
    }
    let saved: Settings;
    try {
      saved = await this.options.settings.save(next);
    } catch (error) {
      await undoHotkey();
      return this.refuse(messageOf(error));
    }
    await this.applySideEffects(current, saved);
    return { ok: true, view: await this.view() };
  }

  private async applySideEffects(before: Settings, after: Settings): Promise<void> {
    if (after.theme !== before.theme) this.options.applyTheme?.(after.theme);
    if (after.hideFromScreenShare !== before.hideFromScreenShare) {
      this.options.setHiddenFromScreenShare?.(after.hideFromScreenShare);
    }
    if (after.idleUnloadMinutes !== before.idleUnloadMinutes) this.options.setIdleMinutes?.(after.idleUnloadMinutes);
    if (JSON.stringify(after.backend) !== JSON.stringify(before.backend)) this.options.backends.use(after.backend);
    if (after.historyDays !== before.historyDays && this.options.history) {
      await this.options.history.setKeeping(after.historyDays !== 0);
      if (after.historyDays !== undefined && after.historyDays > 0) await this.options.history.prune(after.historyDays);
    }
    // A device change applies by loading the model again, on the new device.
    if (after.device !== before.device && after.modelId !== undefined) await this.loadModel(after.modelId, after);
  }

  // --- models ----------------------------------------------------------------------

  async listModels(): Promise<ModelsView> {
    const settings = await this.options.settings.all();
    return { models: await this.models.list(settings.device, settings.modelId) };
  }

  async download(id: string): Promise<void> {
    const settings = await this.options.settings.all();
    this.entry(id);
    // The status line follows a download only when there is nothing else to show: no model yet.
    const feedStatus = this.options.chat.status.kind === 'no-model';
    const handlers: DownloadHandlers = {
      progress: (entry, event) => {
        this.emitDownload(event);
        if (feedStatus) {
          this.options.chat.reportDownload(entry.displayName, {
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
          this.emitDownload({ state: 'done', id, dtype: installed.dtype });
          this.options.notify?.('Model downloaded', `${entry.displayName} is ready to use.`);
        });
      },
      failed: (_entry, reason) => {
        this.emitDownload({ state: 'failed', id, reason });
        if (feedStatus) this.options.chat.loadModel();
      },
      cancelled: () => {
        this.emitDownload({ state: 'cancelled', id });
        if (feedStatus) this.options.chat.loadModel();
      },
    };
    this.models.download(id, settings.device, handlers);
  }

  /** A finished download is used at once when no model is set up yet. */
  private async afterDownload(id: string, noModelBefore: boolean): Promise<void> {
    const settings = await this.options.settings.all();
    const usable = settings.modelId !== undefined && (await this.models.installed(settings.modelId, settings.device));
    if (noModelBefore || !usable) await this.useModel(id).catch(() => undefined);
  }

  cancelDownload(id: string): void {
    this.models.cancel(id);
  }

  async removeModel(id: string): Promise<ModelsView> {
    const settings = await this.options.settings.all();
    this.entry(id);
    if (settings.modelId === id)
      throw new SettingsError('This model is in use: choose another one before removing it.');
    if (this.models.isDownloading(id)) throw new SettingsError('This model is downloading: cancel it first.');
    await this.models.remove(id);
    return this.listModels();
  }

  async useModel(id: string): Promise<UpdateReply> {
    const current = await this.options.settings.all();
    const model = await this.modelFor(id, current);
    if (!model) return this.refuse(`${this.entry(id).displayName} is not installed: download it first.`);
    await this.options.settings.save({ ...current, modelId: id });
    this.options.chat.setModel(model);
    return { ok: true, view: await this.view() };
  }

  /** The model to load for `id` on the settings' device, if installed (an id not in the catalog is refused). */
  private async modelFor(id: string, settings: Settings): Promise<ChatModel | undefined> {
    const { displayName } = this.entry(id);
    const installed = await this.models.installed(id, settings.device);
    return installed && { dir: installed.dir, name: displayName, device: settings.device };
  }

  private async loadModel(id: string, settings: Settings): Promise<void> {
    const model = await this.modelFor(id, settings);
    if (model) this.options.chat.setModel(model);
  }

  // --- answer source ----------------------------------------------------------------

  async checkBackend(raw: unknown): Promise<ConnectionReport> {
    const parsed = RemoteBackendDraft.safeParse(raw);
    if (!parsed.success) throw new SettingsError(`Check not run: ${describeIssues(parsed.error)}`);
    const backend = this.options.backends.remote(await this.withKeyRef(parsed.data));
    try {
      const report = await backend.checkConnection();
      return {
        ok: report.ok,
        summary: report.summary,
        reachable: report.reachable,
        ...(report.modelPresent !== undefined ? { modelPresent: report.modelPresent } : {}),
        ...(report.acceptsImages !== undefined ? { acceptsImages: report.acceptsImages } : {}),
        ...(report.models !== undefined ? { models: report.models } : {}),
        ...(report.problem !== undefined ? { problem: report.problem } : {}),
        notes: report.notes,
      };
    } finally {
      await backend.dispose?.();
    }
  }

  async remoteModels(request: { kind: RemoteKind; baseUrl: string }): Promise<RemoteModelsReply> {
    const draft = { kind: request.kind, baseUrl: request.baseUrl, model: '-', timeoutMs: defaultTimeoutMs };
    const backend = this.options.backends.remote(await this.withKeyRef(draft));
    try {
      if (!backend.listModels) return { ok: false, reason: 'This server does not list its models.' };
      return { ok: true, models: await backend.listModels() };
    } catch (error) {
      return { ok: false, reason: messageOf(error) };
    } finally {
      await backend.dispose?.();
    }
  }

  /** Stores (or with null, deletes) a server's API key; the page only ever learns that one is stored. */
  async setApiKey(raw: unknown): Promise<SettingsView> {
    const parsed = SetApiKey.safeParse(raw);
    // Never describe the payload: it holds the key.
    if (!parsed.success) throw new SettingsError('The API key was not saved: it must be 1 to 4096 characters.');
    const { kind, apiKey } = parsed.data;
    const ref = apiKeyRefFor(kind);
    try {
      if (apiKey === null) await this.options.secrets.delete(ref);
      else await this.options.secrets.set(ref, apiKey);
    } catch (error) {
      throw new SettingsError(error instanceof Error ? error.message : 'The API key was not saved.');
    }
    const current = await this.options.settings.all();
    if (current.backend.kind === kind) {
      // The backend sends the key only when its settings name it.
      const saved = await this.options.settings.save({ ...current, backend: await this.withKeyRef(current.backend) });
      this.options.backends.use(saved.backend);
    } else {
      await this.announce();
    }
    return this.view();
  }

  async dispose(): Promise<void> {
    this.offChange();
    this.models.cancelAll();
    this.changed.clear();
    this.downloads.clear();
    this.views.clear();
  }

  // --- helpers ---------------------------------------------------------------------

  private async refuse(reason: string): Promise<UpdateReply> {
    return { ok: false, reason, view: await this.view() };
  }

  private entry(id: string) {
    try {
      return this.models.entry(id);
    } catch (error) {
      throw new SettingsError(messageOf(error));
    }
  }

  private async hasKey(kind: RemoteKind): Promise<boolean> {
    return this.options.secrets
      .get(apiKeyRefFor(kind))
      .then((value) => value !== undefined)
      .catch(() => false);
  }

  /** The backend settings naming the key stored for their kind of server, or none. */
  private async withKeyRef<B extends BackendSettings>(backend: B): Promise<B> {
    if (backend.kind === 'local') return backend;
    const { apiKeyRef: _ignored, ...rest } = backend;
    return (await this.hasKey(backend.kind)) ? ({ ...rest, apiKeyRef: apiKeyRefFor(backend.kind) } as B) : (rest as B);
  }

  private async announce(): Promise<void> {
    if (this.changed.size === 0) return;
    const view = await this.view();
    for (const listener of this.changed) listener(view);
  }

  private emitDownload(event: DownloadEvent): void {
    for (const listener of this.downloads) listener(event);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
