import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';
import { startEngine } from '../support/engine-harness.js';
import { testPng } from '../support/images.js';
import type { Turn } from '../../common/engine-protocol.js';
import { planTiling, processorDefaultTokens } from '../../engine/tiling-policy.js';
import { choiceHonoured } from '../../common/device-choice.js';

// The engine in this process, the real tiny models, real onnxruntime.
let image: { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> };
before(async () => {
  image = { kind: 'bytes', bytes: await testPng(300, 120) };
});

for (const family of ['smolvlm', 'qwen2-vl'] as const) {
  test(`${family}: the answer streams as several deltas, then ends`, async () => {
    const engine = startEngine();
    const status = await engine.load({ modelDir: await tinyModelDir(family), device: 'cpu' });
    assert.equal(status.family, family);
    assert.equal(status.provider, 'cpu');
    assert.equal(status.fallback, undefined);
    const answer = await engine.ask({
      conversationId: 'a',
      image,
      turns: [{ role: 'user', text: 'What is this?' }],
      settings: { maxNewTokens: 16 },
    });
    const types = answer.events.map((event) => event.type);
    assert.deepEqual(types.slice(0, 3), ['phase', 'phase', 'phase']);
    assert.deepEqual(
      answer.events.filter((event) => event.type === 'phase').map((event) => event.type === 'phase' && event.phase),
      ['queued', 'encoding', 'decoding'],
    );
    assert.ok(types.filter((type) => type === 'delta').length >= 5, `deltas: ${types.join(',')}`);
    assert.equal(answer.end.type, 'done');
    assert.ok(answer.end.type === 'done' && answer.end.reason === 'length');
    assert.ok(answer.end.type === 'done' && answer.end.usage?.completionTokens === 16);
    assert.ok(answer.text.length > 0);
  });

  test(`${family}: greedy answers are deterministic`, async () => {
    const engine = startEngine();
    await engine.load({ modelDir: await tinyModelDir(family), device: 'cpu' });
    const turns: Turn[] = [{ role: 'user', text: 'Explain this error' }];
    const first = await engine.ask({ conversationId: 'x', image, turns, settings: { maxNewTokens: 12 } });
    const second = await engine.ask({ conversationId: 'y', image, turns, settings: { maxNewTokens: 12 } });
    assert.equal(first.text, second.text);
  });

  test(`${family}: a follow-up reuses the cache and gives the same tokens as a full recompute`, async () => {
    const modelDir = await tinyModelDir(family);
    const followUp = async (cacheMode: 'reuse' | 'recompute') => {
      const engine = startEngine({ cacheMode });
      // fp32: only there is the cached path bit-equal to a recompute. The CPU
      // default, q8, quantizes each run's activations with a scale taken from
      // that run's tokens (DynamicQuantizeLinear), so a follow-up fed on its
      // own rounds differently from the whole conversation fed at once, and
      // the random tiny model's near-tied logits can flip.
      await engine.load({ modelDir, device: 'cpu', dtype: 'fp32' });
      const first = await engine.ask({
        conversationId: 'c',
        image,
        turns: [{ role: 'user', text: 'What is this?' }],
        settings: { maxNewTokens: 10 },
      });
      const turns: Turn[] = [
        { role: 'user', text: 'What is this?' },
        { role: 'assistant', text: first.text },
        { role: 'user', text: 'And how do I fix it?' },
      ];
      return engine.ask({ conversationId: 'c', image, turns, settings: { maxNewTokens: 10 } });
    };
    const reused = await followUp('reuse');
    const recomputed = await followUp('recompute');
    assert.equal(reused.text, recomputed.text);
    const usage = (answer: typeof reused) => (answer.end.type === 'done' ? answer.end.usage : undefined);
    assert.ok(
      (usage(reused)?.cachedTokens ?? 0) > (usage(reused)?.imageTokens ?? Infinity),
      'the image came from the cache',
    );
    assert.equal(usage(recomputed)?.cachedTokens, 0);
    // The follow-up did not encode the image again.
    assert.ok(!reused.events.some((event) => event.type === 'phase' && event.phase === 'encoding'));
  });
}

test('stop ends the answer within one decode step', async () => {
  const engine = startEngine();
  await engine.load({ modelDir: await tinyModelDir('smolvlm'), device: 'cpu' });
  let deltasAtStop = -1;
  let deltas = 0;
  const answer = await engine.ask(
    { conversationId: 's', image, turns: [{ role: 'user', text: 'Describe it' }], settings: { maxNewTokens: 200 } },
    (event, channel) => {
      if (event.type !== 'delta') return;
      deltas += 1;
      if (deltas === 3) {
        deltasAtStop = deltas;
        channel.send({ type: 'stop' });
      }
    },
  );
  assert.ok(answer.end.type === 'done' && answer.end.reason === 'stopped', JSON.stringify(answer.end));
  const completion = answer.end.type === 'done' ? (answer.end.usage?.completionTokens ?? 0) : 0;
  assert.ok(completion <= deltasAtStop + 2, `stopped after ${completion} tokens, asked at ${deltasAtStop}`);
  // The engine carries on.
  const next = await engine.ask({
    conversationId: 't',
    image,
    turns: [{ role: 'user', text: 'Again' }],
    settings: { maxNewTokens: 4 },
  });
  assert.ok(next.end.type === 'done' && next.end.reason === 'length');
});

test('asking for the GPU on a machine without one runs on the CPU and says why', async () => {
  const engine = startEngine();
  const status = await engine.load({ modelDir: await tinyModelDir('smolvlm'), device: 'gpu' });
  assert.equal(status.provider, 'cpu');
  // Said as codes a page words in its language: what was asked, and why each GPU provider was passed over.
  assert.equal(status.fallback?.requested, 'gpu');
  const passedOver = status.fallback?.passedOver ?? [];
  assert.ok(passedOver.length > 0, 'at least one GPU provider was passed over');
  assert.ok(
    passedOver.every((skipped) => skipped.provider !== 'cpu'),
    JSON.stringify(passedOver),
  );
  assert.equal(choiceHonoured(status.fallback, status.provider), false);
});

test('qwen2-vl: a large region costs exactly the image tokens the tiling policy plans', async () => {
  const engine = startEngine();
  await engine.load({ modelDir: await tinyModelDir('qwen2-vl'), device: 'cpu' });
  // The tiny model's processor: patch 14, merge 2, min_pixels 3136, max_pixels 50176.
  const spec = { kind: 'patches', patchSize: 14, mergeSize: 2, minPixels: 3136, maxPixels: 50176 } as const;
  for (const [width, height] of [
    [1920, 1080],
    [1195, 673],
    [700, 90],
  ] as const) {
    const answer = await engine.ask({
      conversationId: `q${width}`,
      image: { kind: 'bytes', bytes: await testPng(width, height) },
      turns: [{ role: 'user', text: 'What is this?' }],
      settings: { maxNewTokens: 2 },
    });
    const usage = answer.end.type === 'done' ? answer.end.usage : undefined;
    assert.equal(usage?.imageTokens, planTiling({ width, height }, spec).imageTokens, `${width}x${height}`);
  }
});

test('smolvlm: each region costs the image tokens the tiling policy plans, never the upscaled default', async () => {
  const engine = startEngine();
  await engine.load({ modelDir: await tinyModelDir('smolvlm'), device: 'cpu' });
  // The tiny model's processor: 64 px tiles of 4 tokens, longest edge 256 (4 tiles a side, as 2048 = 4 x 512).
  const spec = { kind: 'tiles', tileSize: 64, tokensPerTile: 4, maxLongestEdge: 256 } as const;
  for (const [width, height] of [
    [60, 30],
    [75, 25],
    [150, 100],
    [1920, 1080],
  ] as const) {
    const answer = await engine.ask({
      conversationId: `s${width}`,
      image: { kind: 'bytes', bytes: await testPng(width, height) },
      turns: [{ role: 'user', text: 'What is this?' }],
      settings: { maxNewTokens: 2 },
    });
    const usage = answer.end.type === 'done' ? answer.end.usage : undefined;
    const plan = planTiling({ width, height }, spec);
    assert.equal(usage?.imageTokens, plan.imageTokens, `${width}x${height}`);
  }
  // A small crop is one tile, where the processor's default upscales it and cuts 9.
  assert.equal(planTiling({ width: 75, height: 25 }, spec).imageTokens, 4);
  assert.equal(processorDefaultTokens({ width: 75, height: 25 }, spec), 9 * 4);
});

for (const family of ['smolvlm', 'qwen2-vl'] as const) {
  test(`${family}: a capture prepared before its question answers it from the cache, with the same tokens`, async () => {
    const modelDir = await tinyModelDir(family);
    const turns: Turn[] = [{ role: 'user', text: 'What does this error mean?' }];
    // fp32, as for follow-ups: only there is the cached path bit-equal to a recompute.
    const plain = startEngine();
    await plain.load({ modelDir, device: 'cpu', dtype: 'fp32' });
    const unprepared = await plain.ask({ conversationId: 'p', image, turns, settings: { maxNewTokens: 10 } });

    const engine = startEngine();
    await engine.load({ modelDir, device: 'cpu', dtype: 'fp32' });
    const prepared = await engine.prepare({ conversationId: 'p', image });
    assert.ok(prepared?.type === 'image-prepared', JSON.stringify(prepared));
    const answer = await engine.ask({ conversationId: 'p', image, turns, settings: { maxNewTokens: 10 } });
    assert.equal(answer.text, unprepared.text);
    const usage = answer.end.type === 'done' ? answer.end.usage : undefined;
    assert.equal(usage?.cachedTokens, prepared.cachedTokens);
    assert.ok((usage?.cachedTokens ?? 0) > (usage?.imageTokens ?? Infinity), 'the image came from the cache');
    assert.ok(!answer.events.some((event) => event.type === 'phase' && event.phase === 'encoding'));

    // Another capture in the same conversation is encoded afresh.
    const other = { kind: 'bytes' as const, bytes: await testPng(200, 200) };
    const second = await engine.ask({ conversationId: 'p', image: other, turns, settings: { maxNewTokens: 4 } });
    assert.ok(second.events.some((event) => event.type === 'phase' && event.phase === 'encoding'));
  });
}

test('a preparation cancelled before it starts never runs; one asked without a model says so', async () => {
  const engine = startEngine();
  const noModel = await engine.prepare({ conversationId: 'n', image });
  assert.ok(noModel?.type === 'error' && noModel.error.code === 'no-model', JSON.stringify(noModel));
  await engine.load({ modelDir: await tinyModelDir('smolvlm'), device: 'cpu' });
  // An answer holds the queue; the preparation behind it is cancelled (its channel closed).
  const answering = engine.ask({
    conversationId: 'a',
    image,
    turns: [{ role: 'user', text: 'Hi' }],
    settings: { maxNewTokens: 4 },
  });
  const cancelled = engine.prepare({ conversationId: 'c', image }, { cancelAtOnce: true });
  await answering;
  assert.equal(await cancelled, undefined);
  const later = await engine.ask({
    conversationId: 'c',
    image,
    turns: [{ role: 'user', text: 'Hi' }],
    settings: { maxNewTokens: 4 },
  });
  assert.ok(
    later.events.some((event) => event.type === 'phase' && event.phase === 'encoding'),
    'nothing was cached',
  );
});
