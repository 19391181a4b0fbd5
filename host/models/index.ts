// The model store's public surface, shared by the app (root from
// app.getPath('userData')) and the CLI (root from defaultModelsRoot() or
// --models-dir). Node only: no electron here.
export type { Catalog, CatalogEntry, DtypeFiles, ModelFamily } from '../../common/catalog-schema.js';
export {
  deviceKindOf,
  findEntry,
  loadCatalog,
  loadCatalogFile,
  useCatalogFileArgument,
  loadPreference,
  offeredDtypes,
  pickDtype,
  type DeviceKind,
} from './catalog.js';
export { statfsFreeSpace, type FreeSpace } from './disk-space.js';
export { formatBytes, formatDuration, formatRate } from './format.js';
export { hubOptionsFromEnv, type HubOptions } from './hub-config.js';
export { defaultRetryPolicy, type RetryPolicy } from './http-retry.js';
export {
  findInstalledModel,
  listInstalledModels,
  listPartialDownloads,
  removeModel,
  verifyInstalledModel,
  type InstalledModel,
  type PartialDownload,
  type RemoveResult,
  type VerifyReport,
} from './installed.js';
export { defaultModelsRoot, installedModelDir, modelsRootIn } from './layout.js';
export type { Manifest } from './manifest.js';
export { isModelError, ModelError, type ModelErrorCode } from './model-error.js';
export type { PullPhase, PullProgress } from './progress.js';
export { pullModel, type PullOptions, type PullResult } from './pull.js';
