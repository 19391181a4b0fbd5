import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { EngineHost } from '../../../host/engine-host/engine-host.js';
import { createNodeLauncher } from '../../../host/engine-host/node-launcher.js';
import { enginePrepareImage } from '../../../host/model-servers/engine-prepare-image.js';
import { startFakeServer } from '../../support/fake-model-server.js';
import { testPng } from '../../support/images.js';
import { distDir, repoRoot, requireBuild } from '../../support/repo.js';
import { ask, collect, last, ollama, text } from './helpers.js';

// An Intel Mac with a model server chosen: the built engine runs where
// onnxruntime cannot load (test/support/without-onnxruntime.mjs), and still
// prepares the capture the server gets; the question is answered there.
test('with a model server chosen, a question is answered while the engine runs without onnxruntime', async (t) => {
  requireBuild();
  const host = new EngineHost({
    launcher: createNodeLauncher({
      entry: path.join(distDir, 'engine/entry.js'),
      execArgv: ['--import', path.join(repoRoot, 'test/support/without-onnxruntime.mjs')],
      cwd: repoRoot,
    }),
  });
  t.after(() => host.dispose());
  const runtime = await host.start();
  assert.equal(runtime.localModels, 'no-build');

  const server = await startFakeServer({ protocol: 'ollama', tokens: ['The ', 'build ', 'failed.'] });
  t.after(() => server.close());
  const backend = ollama(
    { baseUrl: server.baseUrl, model: 'llava', maxImageSide: 640 },
    { prepareImage: enginePrepareImage(host) },
  );
  const events = await collect(
    backend.ask(ask([{ role: 'user', text: 'What went wrong?' }], await testPng(1600, 900, 3))),
  );
  assert.equal(last(events).type, 'done', JSON.stringify(last(events)));
  assert.equal(text(events), 'The build failed.');
  // The engine scaled the capture down for the server (sharp, no onnxruntime).
  const sent = (server.chatRequests()[0]!.body as { messages: Array<{ images: string[] }> }).messages[0]!.images[0]!;
  assert.ok(sent.length > 0);
  assert.equal(host.state, 'ready');
});
