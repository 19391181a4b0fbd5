// The settings panel's models: the catalog with what is installed, and the
// downloads the panel starts, one per model, each cancellable. Node only: the
// downloader (host/models) does the work; this keeps what the page shows —
// the last progress of each download, and how it ended.
import type { DeviceSetting } from '../../common/engine-protocol.js';
import type { DownloadEvent, DownloadProgressEvent, ModelItem } from '../../common/settings-contract.js';
import {
  deviceKindOf,
  findEntry,
  findInstalledModel,
  isModelError,
  listInstalledModels,
  listPartialDownloads,
  loadCatalog,
  loadPreference,
  pullModel,
  removeModel,
  type Catalog,
  type CatalogEntry,
  type HubOptions,
  type InstalledModel,
  type PullProgress,
  type RetryPolicy,
} from '../models/index.js';
import { messageOf } from '../../common/message-of.js';

export interface ModelSource {
  /** The models folder (the app: modelsRootIn(userData)). */
  root: string;
  /** Default: the built-in catalog. */
  catalog?: Catalog;
  /** Default: HF_ENDPOINT / HF_TOKEN from the environment (hubOptionsFromEnv). */
  hub?: HubOptions;
  retry?: Partial<RetryPolicy>;
  fetchImpl?: typeof fetch;
}

export interface DownloadHandlers {
  progress(entry: CatalogEntry, progress: DownloadProgressEvent): void;
  done(entry: CatalogEntry, installed: InstalledModel): void;
  failed(entry: CatalogEntry, reason: string): void;
  cancelled(entry: CatalogEntry): void;
}

interface Running {
  controller: AbortController;
  last: DownloadEvent | undefined;
}

export class ModelManager {
  readonly catalog: Catalog;
  private readonly running = new Map<string, Running>();

  constructor(private readonly source: ModelSource) {
    this.catalog = source.catalog ?? loadCatalog();
  }

  get root(): string {
    return this.source.root;
  }

  entry(id: string): CatalogEntry {
    return findEntry(this.catalog, id);
  }

  isDownloading(id: string): boolean {
    return this.running.has(id);
  }

  /** The catalog as the page lists it. A folder that cannot be read lists nothing installed, never fails. */
  async list(device: DeviceSetting, modelId: string | undefined): Promise<ModelItem[]> {
    const kind = deviceKindOf(device);
    const [installed, partials] = await Promise.all([
      listInstalledModels(this.root).catch(() => []),
      listPartialDownloads(this.root).catch(() => []),
    ]);
    return this.catalog.models.map((entry) => {
      const dtype = entry.recommended[kind];
      const partialBytes = partials.filter((p) => p.id === entry.id).reduce((sum, p) => sum + p.bytesOnDisk, 0);
      const download = this.running.get(entry.id)?.last;
      return {
        id: entry.id,
        displayName: entry.displayName,
        goodFor: entry.goodFor,
        license: entry.license,
        dtype,
        bytes: entry.dtypes[dtype]?.bytes ?? 0,
        installed: installed.filter((m) => m.id === entry.id).map((m) => ({ dtype: m.dtype, bytes: m.bytes })),
        inUse: modelId === entry.id,
        recommended: entry.id === this.catalog.defaultModel,
        ...(partialBytes > 0 ? { partialBytes } : {}),
        ...(download ? { download } : {}),
      };
    });
  }

  /** The installed dtype to load on this device: the recommended one first. */
  async installed(id: string, device: DeviceSetting): Promise<InstalledModel | undefined> {
    const preferred = loadPreference(this.entry(id), deviceKindOf(device));
    return findInstalledModel(this.root, id, { preferred }).catch(() => undefined);
  }

  /**
   * Starts a download (a second call for the same model while it runs does
   * nothing). Never rejects: how it ends goes to `handlers`.
   */
  download(id: string, device: DeviceSetting, handlers: DownloadHandlers): void {
    if (this.running.has(id)) return;
    const entry = this.entry(id);
    const running: Running = { controller: new AbortController(), last: undefined };
    this.running.set(id, running);
    const onProgress = (progress: PullProgress) => {
      if (progress.phase === 'done') return;
      const event: DownloadProgressEvent = {
        state: 'progress',
        id,
        phase: progress.phase,
        bytesDone: progress.bytesDone,
        bytesTotal: progress.bytesTotal,
        bytesPerSecond: progress.bytesPerSecond,
        ...(progress.etaSeconds !== undefined ? { etaSeconds: progress.etaSeconds } : {}),
      };
      running.last = event;
      handlers.progress(entry, event);
    };
    pullModel({
      root: this.root,
      id,
      device: deviceKindOf(device),
      catalog: this.catalog,
      signal: running.controller.signal,
      onProgress,
      ...(this.source.hub ? { hub: this.source.hub } : {}),
      ...(this.source.retry ? { retry: this.source.retry } : {}),
      ...(this.source.fetchImpl ? { fetchImpl: this.source.fetchImpl } : {}),
    }).then(
      (result) => {
        this.running.delete(id);
        handlers.done(entry, result);
      },
      (error: unknown) => {
        this.running.delete(id);
        if (running.controller.signal.aborted || isModelError(error, 'cancelled')) handlers.cancelled(entry);
        else handlers.failed(entry, messageOf(error));
      },
    );
  }

  cancel(id: string): void {
    this.running.get(id)?.controller.abort();
  }

  cancelAll(): void {
    for (const running of this.running.values()) running.controller.abort();
  }

  async remove(id: string): Promise<void> {
    this.entry(id);
    await removeModel(this.root, id);
  }
}
