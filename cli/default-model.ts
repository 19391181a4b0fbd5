// The model `sightline ask` uses when no --model is given: the one the app
// runs (its settings' model, when the app's own folders are in use), else the
// catalog's default, else the first installed model in catalog order — so a
// person who installed Sightline and downloaded a model can just ask.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod/mini';
import { Settings } from '../common/settings.js';
import { dtypePreference } from '../common/device-choice.js';
import { listInstalledModels, loadCatalog, type InstalledModel } from '../host/models/index.js';

/** The installed model to load, or undefined when none is installed. */
export async function defaultInstalledModel(root: string, env: NodeJS.ProcessEnv): Promise<InstalledModel | undefined> {
  const installed = await listInstalledModels(root);
  if (installed.length === 0) return undefined;
  const catalog = loadCatalog();
  const order = [
    ...(env.SIGHTLINE_MODELS_DIR ? [] : [await appModelId(root)]),
    catalog.defaultModel,
    ...catalog.models.map((entry) => entry.id),
  ];
  for (const id of order) {
    // The dtype a CPU runs best first (the engine picks the device later).
    const candidates = installed.filter((model) => model.id === id);
    const best = dtypePreference('cpu')
      .map((dtype) => candidates.find((model) => model.dtype === dtype))
      .find(Boolean);
    if (best ?? candidates[0]) return best ?? candidates[0];
  }
  return installed[0];
}

/** The model chosen in the app: settings.json sits beside the models folder in the app's data folder. */
async function appModelId(root: string): Promise<string | undefined> {
  try {
    const raw: unknown = JSON.parse(await readFile(path.join(path.dirname(root), 'settings.json'), 'utf8'));
    const parsed = z.pick(Settings, { modelId: true }).safeParse(raw);
    return parsed.success ? parsed.data.modelId : undefined;
  } catch {
    return undefined;
  }
}
