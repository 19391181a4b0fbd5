// `npm run dev:web`: the chat panel in a browser against the real engine.
// Prints the URL to open. Run through tsx (scripts/dev-web.mjs builds the
// pages first).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DeviceSetting } from '../common/engine-protocol.js';
import type { ChatModel } from '../host/settings/chat-control.js';
import { defaultModelsRoot } from '../host/models/index.js';
import { startDevWebHost } from './start.js';
import { openCaptureFiles, openOnRunningHost, webHostRunsAt } from './open-captures.js';
import { messageOf } from '../common/message-of.js';

const usage = `Usage: npm run dev:web -- [options]

  --model <dir>        model folder to load (default: $SIGHTLINE_MODEL_DIR, else the
                       first model installed in the models folder)
  --models-dir <dir>   models folder to look in (default: $SIGHTLINE_MODELS_DIR, else
                       the app's own models folder in its user-data folder)
  --data <dir>         where settings and history go (default: $SIGHTLINE_DATA_DIR,
                       else <tmp>/sightline-dev-web)
  --port <n>           port on 127.0.0.1 (default: 5178; 0 picks a free one)
  --device <d>         auto, gpu or cpu (default: auto)
  --max-tokens <n>     longest answer, in tokens (default: 512)
  --capture <file>     open this image (PNG, JPEG, WebP or GIF) as a capture (repeatable);
                       with a web host already running on the port, in its open pages
  --open-links         open links the page confirms in the system browser
                       (otherwise they are printed)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      'models-dir': { type: 'string' },
      data: { type: 'string' },
      port: { type: 'string' },
      device: { type: 'string' },
      'max-tokens': { type: 'string' },
      capture: { type: 'string', multiple: true },
      'open-links': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const device = DeviceSetting.safeParse(values.device ?? 'auto');
  if (!device.success) throw new Error(`--device must be auto, gpu or cpu.\n\n${usage}`);
  const port = Number(values.port ?? 5178);
  const maxTokens = Number(values['max-tokens'] ?? 512);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port number.');
  if (!Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > 8192) {
    throw new Error('--max-tokens must be between 1 and 8192.');
  }
  const captures = values.capture ?? [];
  // Already running here: the captures go to it, and its pages show them at once.
  if (port !== 0 && (await webHostRunsAt(`http://127.0.0.1:${port}`))) {
    const origin = `http://127.0.0.1:${port}`;
    if (captures.length === 0) {
      console.log(`A Sightline web host already runs at ${origin} (stop it to start one with other options).`);
      return 0;
    }
    return (await openCaptureFiles(captures, openOnRunningHost(origin))) ? 0 : 1;
  }
  const dataDir = path.resolve(
    values.data ?? process.env.SIGHTLINE_DATA_DIR ?? path.join(os.tmpdir(), 'sightline-dev-web'),
  );
  const model = await findModel(values.model ?? process.env.SIGHTLINE_MODEL_DIR, values['models-dir'], device.data);

  const host = await startDevWebHost({
    dataDir,
    ...(model ? { model } : {}),
    // The settings panel lists and downloads models where the app keeps them.
    modelsRoot: values['models-dir'] ? path.resolve(values['models-dir']) : defaultModelsRoot(),
    port,
    generation: { maxNewTokens: maxTokens },
    openExternal: (url) => {
      if (values['open-links']) openInBrowser(url);
      else console.log(`link confirmed in the page (start with --open-links to open it): ${url}`);
    },
  });
  // The latest is what a page opens on.
  await openCaptureFiles(captures, (bytes) => host.service.images.open(bytes));
  console.log(`Sightline chat (web host): ${host.web.url}`);
  console.log(`  model: ${model ? `${model.name} (${model.dir})` : 'none found — pass --model <folder>'}`);
  console.log(`  data:  ${dataDir}`);
  console.log(
    `  open a capture: npm run dev:web -- --port ${host.web.port} --capture shot.png (or POST it to ${host.web.origin}/dev/capture)`,
  );
  console.log('Ctrl+C stops.');
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise(() => {});
}

/** A model folder as given, else the first installed one (the catalog's default first). */
async function findModel(
  dir: string | undefined,
  modelsDir: string | undefined,
  device: DeviceSetting,
): Promise<ChatModel | undefined> {
  if (dir) {
    const resolved = path.resolve(dir);
    return { dir: resolved, name: await modelName(resolved), device };
  }
  try {
    const models = await import('../host/models/index.js');
    const root = modelsDir ? path.resolve(modelsDir) : models.defaultModelsRoot();
    const installed = await models.listInstalledModels(root);
    const preferred = installed.find((entry) => entry.id === models.loadCatalog().defaultModel) ?? installed[0];
    if (!preferred) return undefined;
    return { dir: preferred.dir, name: `${preferred.manifest.displayName} (${preferred.dtype})`, device };
  } catch (error) {
    console.error(`Could not look for installed models: ${messageOf(error)}`);
    return undefined;
  }
}

/** The installed model's display name from its manifest, else the folder's name. */
async function modelName(dir: string): Promise<string> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, 'sightline-model.json'), 'utf8')) as {
      displayName?: unknown;
      dtype?: unknown;
    };
    if (typeof manifest.displayName === 'string') {
      return typeof manifest.dtype === 'string' ? `${manifest.displayName} (${manifest.dtype})` : manifest.displayName;
    }
  } catch {
    // not an installed model: a folder of one's own
  }
  return path.basename(dir);
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  spawn(command, args, { stdio: 'ignore', detached: true }).on('error', (error) => {
    console.error(`Could not open ${url}: ${error.message}`);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`dev:web: ${messageOf(error)}`);
    process.exitCode = 1;
  },
);
