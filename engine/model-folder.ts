// Reads a model folder before anything heavy happens, so a missing or foreign
// model fails with a message that names the file instead of deep inside
// onnxruntime.
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dtype } from '../common/engine-protocol.js';
import { CodedError } from '../common/coded-error.js';
import {
  configFilesOf,
  familyOfModelType,
  onnxModulesOf,
  onnxFileName,
  type ModelFamily,
} from '../common/model-files.js';

export interface ModelFolder {
  dir: string;
  family: ModelFamily;
  modelType: string;
  config: Record<string, unknown>;
  /** Dtypes for which every ONNX module is present. */
  availableDtypes: Dtype[];
}

const allDtypes: Dtype[] = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16'];

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export async function readModelFolder(dir: string): Promise<ModelFolder> {
  const absolute = path.resolve(dir);
  if (!(await exists(absolute))) {
    throw new CodedError('model-missing', `The model folder ${absolute} does not exist. Download the model again.`);
  }
  const configPath = path.join(absolute, 'config.json');
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CodedError(
      missing ? 'model-missing' : 'model-corrupt',
      missing
        ? `The model folder ${absolute} has no config.json. Download the model again.`
        : `The model's config.json (${configPath}) is not valid JSON. Download the model again.`,
      { cause: error },
    );
  }
  const modelType = typeof config.model_type === 'string' ? config.model_type : '(none)';
  const family = familyOfModelType[modelType];
  if (!family) {
    throw new CodedError(
      'model-unsupported',
      `Sightline cannot run this model: its config.json says model_type "${modelType}"; supported are ${Object.keys(familyOfModelType).join(', ')}.`,
    );
  }
  for (const file of configFilesOf[family]) {
    if (!(await exists(path.join(absolute, file)))) {
      throw new CodedError(
        'model-missing',
        `The model is incomplete: ${path.join(absolute, file)} is missing. Download the model again.`,
      );
    }
  }
  const availableDtypes: Dtype[] = [];
  for (const dtype of allDtypes) {
    const present = await Promise.all(
      onnxModulesOf[family].map((module) => exists(path.join(absolute, onnxFileName(module, dtype)))),
    );
    if (present.every(Boolean)) availableDtypes.push(dtype);
  }
  if (availableDtypes.length === 0) {
    const missing = onnxModulesOf[family].map((module) => path.join(absolute, onnxFileName(module, 'fp32')));
    const found: string[] = [];
    for (const file of missing) if (await exists(file)) found.push(file);
    const absent = missing.filter((file) => !found.includes(file));
    throw new CodedError(
      'model-missing',
      `The model is incomplete: ${absent.join(', ')} ${absent.length === 1 ? 'is' : 'are'} missing. Download the model again.`,
    );
  }
  return { dir: absolute, family, modelType, config, availableDtypes };
}
