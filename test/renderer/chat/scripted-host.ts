// The built chat page served by the real web host (web-host/web-host.ts) over
// a chat service whose answers are scripted (ScriptedEngine) and whose opened
// images are converted with sharp in this process, as the dev web host does:
// the page's web bridge, the host's routes and the image checks all run for
// real, without an engine process. One host per call, in a fresh history.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChatService } from '../../../host/chat/chat-service.js';
import { memorySettingsPort } from '../../../host/chat/chat-settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { directPrepareImage } from '../../../host/model-servers/direct-prepare-image.js';
import { createWebHost, type WebHost } from '../../../web-host/web-host.js';
import { distDir, requireBuild } from '../../support/repo.js';
import { ScriptedEngine } from '../../host/chat/scripted-engine.js';

export interface ScriptedHost {
  host: WebHost;
  service: ChatService;
  close(): Promise<void>;
}

export async function startScriptedHost(): Promise<ScriptedHost> {
  requireBuild();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-scripted-host-'));
  const engine = new ScriptedEngine();
  const service = new ChatService({
    answers: engine,
    engine,
    store: new HistoryStore(path.join(dir, 'history')),
    settings: memorySettingsPort({ keepHistory: true, answerLanguage: 'question' }),
    model: { dir: '/models/scripted', name: 'Scripted model', device: 'cpu' },
    convertOpenedImage: directPrepareImage,
  });
  service.statusLine.loadModel();
  const host = await createWebHost({
    rendererDir: path.join(distDir, 'renderer'),
    service,
    appInfo: {
      name: 'Sightline',
      version: '0.0.0',
      platform: 'linux',
      versions: { electron: 'none (web host)', chrome: '', node: process.versions.node },
    },
    devRoutes: true,
  });
  return {
    host,
    service,
    close: async () => {
      await host.close();
      await service.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
