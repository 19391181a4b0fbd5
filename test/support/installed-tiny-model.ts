// The tiny test model installed in a user-data folder as the catalog's default
// model, so an app started on that folder loads it at launch.
import { cp } from 'node:fs/promises';
import { loadCatalog } from '../../host/models/catalog.js';
import { installedModelDir, modelsRootIn } from '../../host/models/layout.js';
import { writeManifest } from '../../host/models/manifest.js';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';

export async function installTinyModel(userData: string): Promise<void> {
  const catalog = loadCatalog();
  const entry = catalog.models.find((model) => model.id === catalog.defaultModel)!;
  const dir = installedModelDir(modelsRootIn(userData), entry.id, 'fp32');
  await cp(await tinyModelDir('smolvlm'), dir, { recursive: true });
  await writeManifest(dir, {
    format: 1,
    id: entry.id,
    displayName: entry.displayName,
    family: 'smolvlm',
    repo: entry.repo,
    revision: entry.revision,
    dtype: 'fp32',
    installedAt: new Date().toISOString(),
    files: [],
  });
}
