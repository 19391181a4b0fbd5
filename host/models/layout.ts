// Where models live on disk. One folder per model and dtype, so installing a
// second dtype never touches the folder the engine may have open:
//
//   <root>/<id>/<dtype>/                 an installed model, what the engine loads
//     config.json, tokenizer.json, ...   (engine's requiredFiles)
//     onnx/*.onnx
//     sightline-model.json               manifest: written last, inside staging,
//                                        before the folder is renamed into place
//   <root>/.staging/<id>--<dtype>--<rev12>/   a download in progress; files end
//     in .part until their hash is verified, then lose the suffix
//   <root>/.staging/<id>--<dtype>.lock   pid of the process downloading it
//   <root>/.trash/                       folders being deleted (renamed away first)
//
// Staging and trash sit inside the root so every rename stays on one file
// system and is atomic.
import os from 'node:os';
import path from 'node:path';
import type { Dtype } from '../../common/engine-protocol.js';
import { ModelError } from './model-error.js';

export const manifestFileName = 'sightline-model.json';
export const partSuffix = '.part';

const productName = 'Sightline';
const idPattern = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;

/** The models folder inside the app's user-data folder (`app.getPath('userData')`). */
export function modelsRootIn(userDataDir: string): string {
  return path.join(userDataDir, 'models');
}

/**
 * The models folder the CLI uses when not told otherwise: the same folder the
 * app uses (Electron's userData for the product name, plus /models), so a
 * model pulled from the terminal is there in the app. SIGHTLINE_MODELS_DIR
 * overrides it.
 */
export function defaultModelsRoot(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (env.SIGHTLINE_MODELS_DIR) return path.resolve(env.SIGHTLINE_MODELS_DIR);
  if (platform === 'darwin') return modelsRootIn(path.join(home, 'Library', 'Application Support', productName));
  if (platform === 'win32') {
    return modelsRootIn(path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), productName));
  }
  return modelsRootIn(path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), productName));
}

/** Refuses ids that are not plain folder names, so no id can reach outside the models folder. */
export function checkModelId(id: string): string {
  if (!idPattern.test(id)) {
    throw new ModelError('unknown-model', `"${id}" is not a model id (lower-case letters, digits, dots and dashes).`);
  }
  return id;
}

/** The folder to hand to the engine (`readModelFolder`) once the model is installed. */
export function installedModelDir(root: string, id: string, dtype: Dtype): string {
  return path.join(path.resolve(root), checkModelId(id), dtype);
}

export function stagingRoot(root: string): string {
  return path.join(path.resolve(root), '.staging');
}

/** The revision is part of the name: bytes of another revision are never resumed into this one. */
export function stagingDir(root: string, id: string, dtype: Dtype, revision: string): string {
  return path.join(stagingRoot(root), `${checkModelId(id)}--${dtype}--${revision.slice(0, 12)}`);
}

export function lockPath(root: string, id: string, dtype: Dtype): string {
  return path.join(stagingRoot(root), `${checkModelId(id)}--${dtype}.lock`);
}

export function trashRoot(root: string): string {
  return path.join(path.resolve(root), '.trash');
}

/** Parses a staging folder name back into its parts (undefined for anything else in .staging). */
export function parseStagingName(name: string): { id: string; dtype: string; revisionPrefix: string } | undefined {
  const match = /^(.+)--([a-z0-9]+)--([0-9a-f]{12})$/.exec(name);
  if (!match || !idPattern.test(match[1]!)) return undefined;
  return { id: match[1]!, dtype: match[2]!, revisionPrefix: match[3]! };
}
