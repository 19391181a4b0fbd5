import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import sharp from 'sharp';
import { EngineHost } from '../../../host/engine-host/engine-host.js';
import { createNodeLauncher } from '../../../host/engine-host/node-launcher.js';
import { enginePrepareImage } from '../../../host/model-servers/engine-prepare-image.js';
import { testPng } from '../../support/images.js';
import { repoRoot } from '../../support/repo.js';
import { startFakeServer } from '../../support/fake-model-server.js';
import { ask, collect, last, ollama } from './helpers.js';

// In the app, main never runs sharp: the remote backend asks the engine (the
// real engine entry here, forked through tsx) to scale the capture down.
test('the engine scales a capture down for a model server, and the server gets it at the limit', async (t) => {
  const host = new EngineHost({
    launcher: createNodeLauncher({
      entry: path.join(repoRoot, 'engine/entry.ts'),
      execArgv: ['--import', 'tsx'],
      cwd: repoRoot,
    }),
  });
  t.after(() => host.dispose());
  const big = await testPng(1600, 900, 2);

  const resized = await host.resize(big, 800, false);
  assert.deepEqual([resized.mime, resized.width, resized.height], ['image/png', 800, 450]);
  await assert.rejects(host.resize(new TextEncoder().encode('nope'), 800, false), /not an image/);

  const server = await startFakeServer({ protocol: 'ollama' });
  t.after(() => server.close());
  const backend = ollama(
    { baseUrl: server.baseUrl, model: 'llava', maxImageSide: 640 },
    { prepareImage: enginePrepareImage(host) },
  );
  assert.equal(last(await collect(backend.ask(ask([{ role: 'user', text: 'Hi' }], big)))).type, 'done');
  const sent = (server.chatRequests()[0]!.body as { messages: Array<{ images: string[] }> }).messages[0]!.images[0]!;
  const meta = await sharp(Buffer.from(sent, 'base64')).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['png', 640, 360]);
});
