// `sightline models list | pull <id> | verify <id> | rm <id>`: the model store
// from a terminal. Results go to stdout (pull prints the installed folder, for
// scripts), progress and errors to stderr. Ctrl+C stops a pull at once; the
// next pull of the same model resumes it.
import path from 'node:path';
import { parseCommandLine, UsageError } from './command-line.js';
import { Dtype } from '../common/engine-protocol.js';
import {
  defaultModelsRoot,
  findEntry,
  formatBytes,
  hubOptionsFromEnv,
  isModelError,
  listInstalledModels,
  listPartialDownloads,
  loadCatalog,
  loadCatalogFile,
  offeredDtypes,
  pullModel,
  removeModel,
  verifyInstalledModel,
  type Catalog,
  type FreeSpace,
  type RetryPolicy,
} from '../host/models/index.js';
import { createProgressWriter } from './models-progress.js';
import { messageOf } from '../common/message-of.js';

/** The usage, naming the models folder used when --models-dir is not given. */
export function modelsUsage(defaultRoot: string): string {
  return `Usage: sightline models <command> [options]

Commands:
  list                 the catalog, and what is installed (works offline)
  pull <id>            download a model and install it; resumes an interrupted download
  verify <id>          re-check every installed file of a model against its published hash
  rm <id>              delete an installed model (and any partial download of it)

Options:
  --dtype <t>          fp32 | fp16 | q8 | q4 | q4f16 | ... (pull: default is the catalog's pick for --device;
                       verify, rm: default is every installed dtype)
  --device <d>         cpu | gpu: which recommendation pull follows (default cpu)
  --models-dir <dir>   models folder (default: the app's, ${defaultRoot})
  --catalog <file>     a catalog file whose models are added to the built-in ones
                       ({"defaultModel"?: id, "models": [...]}; same as SIGHTLINE_CATALOG)
  -h, --help           this text

Environment:
  HF_ENDPOINT          a Hugging Face mirror to download from
  HF_TOKEN             a read token, for gated or private repositories (never printed)`;
}

export interface ModelsCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
}

/** For tests and embedding: everything else comes from the process. */
export interface ModelsCommandDeps {
  env?: NodeJS.ProcessEnv;
  /** The models folder when --models-dir is not given (default: the app's, or SIGHTLINE_MODELS_DIR). */
  modelsRoot?: string;
  catalog?: Catalog;
  signal?: AbortSignal;
  freeSpace?: FreeSpace;
  retry?: Partial<RetryPolicy>;
}

interface Parsed {
  command: 'list' | 'pull' | 'verify' | 'rm' | 'help';
  id?: string;
  dtype?: Dtype;
  device: 'cpu' | 'gpu';
  root: string;
  catalogFile?: string;
}

function parse(argv: string[], defaultRoot: string): Parsed {
  const { values, positionals } = parseCommandLine(argv, {
    dtype: { type: 'string' },
    device: { type: 'string', default: 'cpu' },
    'models-dir': { type: 'string' },
    catalog: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const root = values['models-dir'] ?? defaultRoot;
  if (values.help) return { command: 'help', device: 'cpu', root };
  const [command, id, ...rest] = positionals;
  if (command !== 'list' && command !== 'pull' && command !== 'verify' && command !== 'rm') {
    throw new UsageError(command ? `Unknown models command "${command}".` : 'Missing command.');
  }
  if (command !== 'list' && !id) throw new UsageError(`"models ${command}" needs a model id.`);
  if (rest.length > 0 || (command === 'list' && id)) throw new UsageError(`Unexpected argument "${rest[0] ?? id}".`);
  const dtype = values.dtype === undefined ? undefined : Dtype.safeParse(values.dtype);
  if (dtype && !dtype.success) throw new UsageError(`--dtype must be one of ${Dtype.options.join(', ')}.`);
  if (values.device !== 'cpu' && values.device !== 'gpu') {
    throw new UsageError(`--device must be cpu or gpu, not "${values.device}".`);
  }
  return {
    command,
    ...(id ? { id } : {}),
    ...(dtype?.success ? { dtype: dtype.data } : {}),
    device: values.device,
    root,
    ...(values.catalog === undefined ? {} : { catalogFile: path.resolve(values.catalog) }),
  };
}

async function list(parsed: Parsed, catalog: Catalog, io: ModelsCommandIo): Promise<number> {
  const installed = await listInstalledModels(parsed.root);
  const partials = await listPartialDownloads(parsed.root);
  const out = io.stdout;
  out.write(`Models folder: ${parsed.root}\n`);
  for (const entry of catalog.models) {
    const mine = installed.filter((model) => model.id === entry.id);
    const status = mine.length
      ? `installed: ${mine.map((model) => `${model.dtype} (${formatBytes(model.bytes)})`).join(', ')}`
      : 'not installed';
    const cpu = entry.recommended.cpu;
    const gpu = entry.recommended.gpu;
    out.write(`\n${entry.id}${entry.id === catalog.defaultModel ? ' (default)' : ''}  ${entry.displayName}\n`);
    out.write(`  ${status}\n`);
    out.write(
      `  download: ${cpu} ~${formatBytes(entry.dtypes[cpu]!.bytes)} for CPU, ${gpu} ~${formatBytes(entry.dtypes[gpu]!.bytes)} for GPU` +
        `; offered: ${offeredDtypes(entry).join(', ')}\n`,
    );
    out.write(`  ${entry.goodFor.en}; ${entry.license}, context ${entry.contextLength} tokens\n`);
  }
  const unknown = installed.filter((model) => !catalog.models.some((entry) => entry.id === model.id));
  for (const model of unknown) {
    out.write(`\n${model.id}  ${model.manifest.displayName} (no longer in the catalog)\n`);
    out.write(`  installed: ${model.dtype} (${formatBytes(model.bytes)})\n`);
  }
  for (const partial of partials) {
    out.write(
      `\nPartial download of ${partial.id} (${partial.dtype}): ${formatBytes(partial.bytesOnDisk)} on disk. ` +
        `"sightline models pull ${partial.id} --dtype ${partial.dtype}" resumes it, "sightline models rm ${partial.id}" deletes it.\n`,
    );
  }
  return 0;
}

async function pull(parsed: Parsed, catalog: Catalog, io: ModelsCommandIo, deps: ModelsCommandDeps): Promise<number> {
  const entry = findEntry(catalog, parsed.id!);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  const onOuterAbort = () => controller.abort();
  deps.signal?.addEventListener('abort', onOuterAbort, { once: true });
  process.on('SIGINT', onSigint);
  const progress = createProgressWriter(io.stderr, io.isTTY);
  try {
    const result = await pullModel({
      root: parsed.root,
      id: entry.id,
      ...(parsed.dtype ? { dtype: parsed.dtype } : {}),
      device: parsed.device,
      catalog,
      hub: hubOptionsFromEnv(deps.env ?? process.env),
      signal: controller.signal,
      onProgress: (update) => progress.update(update),
      onRetry: (message) => progress.note(message),
      ...(deps.freeSpace ? { freeSpace: deps.freeSpace } : {}),
      ...(deps.retry ? { retry: deps.retry } : {}),
    });
    progress.finish();
    io.stderr.write(
      result.alreadyInstalled
        ? `${entry.displayName} (${result.dtype}) is already installed.\n`
        : `Installed ${entry.displayName} (${result.dtype}, ${formatBytes(result.bytes)}).\n`,
    );
    io.stdout.write(`${result.dir}\n`);
    return 0;
  } catch (error) {
    progress.finish();
    if (isModelError(error, 'cancelled')) {
      io.stderr.write(`Stopped. "sightline models pull ${entry.id}" resumes the download.\n`);
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    deps.signal?.removeEventListener('abort', onOuterAbort);
  }
}

async function verify(parsed: Parsed, io: ModelsCommandIo): Promise<number> {
  const targets = (await listInstalledModels(parsed.root)).filter(
    (model) => model.id === parsed.id && (parsed.dtype === undefined || model.dtype === parsed.dtype),
  );
  if (targets.length === 0) {
    io.stderr.write(`sightline: ${parsed.id}${parsed.dtype ? ` (${parsed.dtype})` : ''} is not installed.\n`);
    return 1;
  }
  let failed = false;
  for (const model of targets) {
    const report = await verifyInstalledModel(parsed.root, model.id, model.dtype);
    if (report.ok) {
      io.stdout.write(`${model.id} (${model.dtype}): all ${report.filesChecked} files match their published hashes.\n`);
      continue;
    }
    failed = true;
    io.stdout.write(`${model.id} (${model.dtype}): ${report.problems.length} file(s) damaged.\n`);
    for (const problem of report.problems) io.stderr.write(`  ${problem.detail}\n`);
    io.stderr.write(
      `Reinstall it: sightline models rm ${model.id} --dtype ${model.dtype} && sightline models pull ${model.id} --dtype ${model.dtype}\n`,
    );
  }
  return failed ? 1 : 0;
}

async function rm(parsed: Parsed, io: ModelsCommandIo): Promise<number> {
  const result = await removeModel(parsed.root, parsed.id!, parsed.dtype);
  for (const model of result.removed) {
    io.stdout.write(`Removed ${model.id} (${model.dtype}, ${formatBytes(model.bytes)}).\n`);
  }
  for (const partial of result.partials) {
    io.stdout.write(
      `Removed a partial download of ${partial.id} (${partial.dtype}, ${formatBytes(partial.bytesOnDisk)}).\n`,
    );
  }
  return 0;
}

/**
 * Runs `sightline models ...`; `argv` is what follows the word "models".
 * Returns the exit code: 0 done, 1 failed, 2 usage error, 130 stopped by Ctrl+C.
 */
export async function modelsCommand(
  argv: string[],
  io: ModelsCommandIo,
  deps: ModelsCommandDeps = {},
): Promise<number> {
  const env = deps.env ?? process.env;
  const defaultRoot = deps.modelsRoot ?? defaultModelsRoot(env);
  let parsed: Parsed;
  try {
    parsed = parse(argv, defaultRoot);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`sightline: ${error.message}\n\n${modelsUsage(defaultRoot)}\n`);
      return 2;
    }
    throw error;
  }
  try {
    // A file named on the command line wins: the user asked for it.
    const catalog = parsed.catalogFile ? loadCatalogFile(parsed.catalogFile) : (deps.catalog ?? loadCatalog());
    switch (parsed.command) {
      case 'help':
        io.stdout.write(`${modelsUsage(defaultRoot)}\n`);
        return 0;
      case 'list':
        return await list(parsed, catalog, io);
      case 'pull':
        return await pull(parsed, catalog, io, deps);
      case 'verify':
        return await verify(parsed, io);
      case 'rm':
        return await rm(parsed, io);
    }
  } catch (error) {
    io.stderr.write(`sightline: ${messageOf(error)}\n`);
    return 1;
  }
}
