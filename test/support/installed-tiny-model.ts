// The tiny test model installed in a user-data folder as the catalog's default
// model, so an app started on that folder loads it at launch.
import { cp } from 'node:fs/promises';
import { loadCatalog } from '../../host/models/catalog.js';
import { installedModelDir, modelsRootIn } from '../../host/models/layout.js';
import { writeManifest } from '../../host/models/manifest.js';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';

/** Installs the tiny model as `id` (default the catalog's default model), as a download would leave it. */
export async function installTinyModel(userData: string, id?: string): Promise<void> {
  const catalog = loadCatalog();
  const entry = catalog.models.find((model) => model.id === (id ?? catalog.defaultModel));
  const modelId = id ?? catalog.defaultModel;
  const dir = installedModelDir(modelsRootIn(userData), modelId, 'fp32');
  await cp(await tinyModelDir('smolvlm'), dir, { recursive: true });
  await writeManifest(dir, {
    format: 1,
    id: modelId,
    displayName: entry?.displayName ?? `Tiny SmolVLM (${modelId})`,
    family: 'smolvlm',
    repo: entry?.repo ?? 'sightline-tests/tiny-smolvlm',
    revision: entry?.revision ?? '0000000000000000000000000000000000000000',
    dtype: 'fp32',
    installedAt: new Date().toISOString(),
    files: [],
  });
}
