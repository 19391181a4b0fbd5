import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';
import { startEngine } from '../support/engine-harness.js';
import { testPng } from '../support/images.js';
import type { AnswerEvent, Turn } from '../../common/engine-protocol.js';

// A conversation's later capture (a closer look, the same region again): its
// image goes with the first question about it, the turns before are text, and
// a follow-up about it reuses the engine's cache. The real tiny models, fp32
// (the cached path is bit-equal to a recompute only there: generation.test.ts).
let first: { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> };
let later: { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> };
before(async () => {
  first = { kind: 'bytes', bytes: await testPng(300, 120) };
  later = { kind: 'bytes', bytes: await testPng(120, 90, 1) };
});

type Answer = { events: AnswerEvent[]; end: AnswerEvent; text: string };
const usageOf = (answer: Answer) => (answer.end.type === 'done' ? answer.end.usage : undefined);
const encoded = (answer: Answer) => answer.events.some((event) => event.type === 'phase' && event.phase === 'encoding');

for (const family of ['smolvlm', 'qwen2-vl'] as const) {
  test(`${family}: a question about a later capture is answered, and its follow-up reuses the cache`, async () => {
    const modelDir = await tinyModelDir(family);
    const conversation = async (cacheMode: 'reuse' | 'recompute') => {
      const engine = startEngine({ cacheMode });
      await engine.load({ modelDir, device: 'cpu', dtype: 'fp32' });
      const settings = { maxNewTokens: 8 };
      const q1 = 'What is this?';
      const a1 = (
        await engine.ask({ conversationId: 'c', image: first, turns: [{ role: 'user', text: q1 }], settings })
      ).text;
      // The closer look: its image with the third turn, the first two text only.
      const aboutLater: Turn[] = [
        { role: 'user', text: q1 },
        { role: 'assistant', text: a1 },
        { role: 'user', text: 'Look closely at this part.' },
      ];
      const closer = await engine.ask({ conversationId: 'c', image: later, turns: aboutLater, imageTurn: 2, settings });
      const followUp = await engine.ask({
        conversationId: 'c',
        image: later,
        turns: [...aboutLater, { role: 'assistant', text: closer.text }, { role: 'user', text: 'And the rest?' }],
        imageTurn: 2,
        settings,
      });
      return { closer, followUp };
    };
    const reused = await conversation('reuse');
    const recomputed = await conversation('recompute');

    assert.equal(reused.closer.end.type, 'done', JSON.stringify(reused.closer.end));
    assert.ok(reused.closer.text.length > 0);
    // A new image: encoded, not taken from the first capture's cache.
    assert.ok(encoded(reused.closer), 'the later capture was encoded');
    assert.ok((usageOf(reused.closer)?.imageTokens ?? 0) > 0);

    assert.equal(reused.followUp.end.type, 'done', JSON.stringify(reused.followUp.end));
    assert.equal(reused.followUp.text, recomputed.followUp.text);
    const usage = usageOf(reused.followUp);
    assert.ok((usage?.cachedTokens ?? 0) > (usage?.imageTokens ?? Infinity), 'the later image came from the cache');
    assert.ok(!encoded(reused.followUp), 'the follow-up did not encode the image again');
    assert.equal(usageOf(recomputed.followUp)?.cachedTokens, 0);
  });
}

test('the same image at another turn is not the cached conversation: it is encoded again', async () => {
  const engine = startEngine();
  await engine.load({ modelDir: await tinyModelDir('smolvlm'), device: 'cpu' });
  const settings = { maxNewTokens: 6 };
  const a1 = (await engine.ask({ conversationId: 'm', image: first, turns: [{ role: 'user', text: 'Q1' }], settings }))
    .text;
  const turns: Turn[] = [
    { role: 'user', text: 'Q1' },
    { role: 'assistant', text: a1 },
    { role: 'user', text: 'Q2' },
  ];
  const moved = await engine.ask({ conversationId: 'm', image: first, turns, imageTurn: 2, settings });
  assert.equal(moved.end.type, 'done');
  assert.ok(encoded(moved));
  assert.equal(usageOf(moved)?.cachedTokens, 0);
});

test('an image turn that is not a question is refused as a bad request', async () => {
  const engine = startEngine();
  await engine.load({ modelDir: await tinyModelDir('smolvlm'), device: 'cpu' });
  const turns: Turn[] = [
    { role: 'user', text: 'Q1' },
    { role: 'assistant', text: 'A1' },
    { role: 'user', text: 'Q2' },
  ];
  const answer = await engine.ask({ conversationId: 'b', image: first, turns, imageTurn: 1, settings: {} });
  assert.ok(answer.end.type === 'error' && answer.end.error.code === 'bad-request', JSON.stringify(answer.end));
});
