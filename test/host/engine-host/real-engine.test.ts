import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { defaultGenerationSettings } from '../../../common/engine-protocol.js';
import { EngineHost } from '../../../host/engine-host/engine-host.js';
import { createNodeLauncher } from '../../../host/engine-host/node-launcher.js';
import { tinyModelDir } from '../../fixtures/tiny-model/index.js';
import { testPng } from '../../support/images.js';
import { repoRoot } from '../../support/repo.js';
import { collect, deltas, last } from './fake-host.js';

// The real engine entry through the real transport: what the CLI and the
// benchmark do, and what the app does with the utility-process launcher.
function realHost(): EngineHost {
  return new EngineHost({
    launcher: createNodeLauncher({
      entry: path.join(repoRoot, 'engine/entry.ts'),
      execArgv: ['--import', 'tsx'],
      cwd: repoRoot,
    }),
    backoff: { maxCrashes: 1 },
  });
}

test('the real engine answers hello through the engine host', async (t) => {
  const host = realHost();
  t.after(() => host.dispose());
  const runtime = await host.start();
  assert.equal(runtime.onnxruntime, '1.30.0');
  assert.equal(runtime.node, process.versions.node);
  assert.equal(host.state, 'ready');
  assert.equal(typeof host.pid, 'number');
});

test('the real engine loads the tiny model and streams an answer to image bytes, then stops on request', async (t) => {
  const host = realHost();
  t.after(() => host.dispose());
  const modelDir = await tinyModelDir('smolvlm');
  const status = await host.load({ modelDir, device: 'cpu' });
  assert.equal(status.family, 'smolvlm');
  const request = {
    conversationId: 'real',
    // Bytes, not a path: they cross the process boundary by structured clone.
    image: { kind: 'bytes' as const, bytes: await testPng(200, 80) },
    turns: [{ role: 'user' as const, text: 'What is this?' }],
    settings: { ...defaultGenerationSettings, maxNewTokens: 12 },
  };
  const full = await collect(host.ask(request));
  assert.ok(deltas(full).length >= 3, JSON.stringify(full.map((e) => e.event)));
  assert.deepEqual(
    full.flatMap(({ event }) => (event.type === 'phase' ? [event.phase] : [])),
    ['queued', 'encoding', 'decoding'],
  );
  const end = last(full);
  assert.ok(end?.type === 'done' && end.reason === 'length');

  const pid = host.pid;
  const long = host.ask({ ...request, conversationId: 'long', settings: { ...request.settings, maxNewTokens: 2000 } });
  const stopped = await collect(long, (event) => {
    if (event.type === 'delta') long.stop();
  });
  const stoppedEnd = last(stopped);
  assert.ok(stoppedEnd?.type === 'done' && stoppedEnd.reason === 'stopped', JSON.stringify(stoppedEnd));
  assert.ok(deltas(stopped).length < 100);
  assert.equal(host.pid, pid, 'a stop while decoding keeps the engine');
});

test('the real engine prepares a capture before its question, and the question starts from it without encoding', async (t) => {
  const host = realHost();
  t.after(() => host.dispose());
  await host.load({ modelDir: await tinyModelDir('smolvlm'), device: 'cpu' });
  const image = { kind: 'bytes' as const, bytes: await testPng(200, 80) };
  const prepared = await host.prepareImage('early', image);
  assert.ok(
    prepared && prepared.cachedTokens > prepared.imageTokens && prepared.imageTokens > 0,
    JSON.stringify(prepared),
  );
  const answer = await collect(
    host.ask({
      conversationId: 'early',
      image,
      turns: [{ role: 'user', text: 'What is this?' }],
      settings: { ...defaultGenerationSettings, maxNewTokens: 4 },
    }),
  );
  const end = last(answer);
  assert.ok(end?.type === 'done' && end.usage?.cachedTokens === prepared.cachedTokens, JSON.stringify(end));
  assert.ok(!answer.some(({ event }) => event.type === 'phase' && event.phase === 'encoding'));

  // Cancelled before it started (already aborted): nothing is asked of the engine.
  const cancelled = new AbortController();
  cancelled.abort();
  assert.equal(await host.prepareImage('never', image, cancelled.signal), undefined);
});
