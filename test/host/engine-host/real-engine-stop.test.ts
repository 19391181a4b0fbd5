import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import sharp from 'sharp';
import { defaultGenerationSettings, type AnswerEvent } from '../../../common/engine-protocol.js';
import { EngineHost } from '../../../host/engine-host/engine-host.js';
import { createNodeLauncher } from '../../../host/engine-host/node-launcher.js';
import { tinyModelDir } from '../../fixtures/tiny-model/index.js';
import { testPng } from '../../support/images.js';
import { repoRoot } from '../../support/repo.js';

/** The real engine entry, forked through tsx, under a real host. */
function realEngineHost(): EngineHost {
  return new EngineHost({
    launcher: createNodeLauncher({
      entry: path.join(repoRoot, 'engine/entry.ts'),
      execArgv: ['--import', 'tsx'],
      cwd: repoRoot,
    }),
  });
}

// A stop while the real engine is busy before its first token (here: decoding
// and scaling a 16000x16000 capture) cannot be honoured between tokens: the
// host kills the engine, the answer ends as a clean stop, the engine comes
// back with its model, and the next question is answered.
test('a stop during image encoding kills and restarts the real engine; the next question is answered', async (t) => {
  const host = realEngineHost();
  t.after(() => host.dispose());
  await host.load({ modelDir: await tinyModelDir('smolvlm'), device: 'cpu' });
  const firstPid = host.pid;
  const huge = new Uint8Array(
    await sharp({ create: { width: 16000, height: 16000, channels: 3, background: '#224466' } })
      .png({ compressionLevel: 1 })
      .toBuffer(),
  );
  const answer = host.ask({
    conversationId: 'big',
    image: { kind: 'bytes', bytes: huge },
    turns: [{ role: 'user', text: 'What is this?' }],
    settings: defaultGenerationSettings,
  });
  const events: AnswerEvent[] = [];
  for await (const event of answer) {
    events.push(event);
    if (event.type === 'phase' && event.phase === 'encoding') answer.stop();
  }
  assert.deepEqual(events.at(-1), { type: 'done', reason: 'stopped' });
  assert.ok(!events.some((event) => event.type === 'error'));

  const next = host.ask({
    conversationId: 'small',
    image: { kind: 'bytes', bytes: await testPng(200, 100) },
    turns: [{ role: 'user', text: 'And this?' }],
    settings: { ...defaultGenerationSettings, maxNewTokens: 4 },
  });
  const after: AnswerEvent[] = [];
  for await (const event of next) after.push(event);
  assert.equal(after.at(-1)?.type, 'done', JSON.stringify(after.at(-1)));
  assert.notEqual(host.pid, firstPid, 'the engine was restarted');
  assert.equal(host.model?.family, 'smolvlm', 'with its model loaded again');
});

test('the engine cuts a region out of a capture for main, losslessly, and refuses one outside it', async (t) => {
  const host = realEngineHost();
  t.after(() => host.dispose());
  const capture = await testPng(800, 600, 5);
  const rect = { x: 101, y: 57, width: 333, height: 222 };
  const cropped = await host.crop(capture, rect);
  assert.deepEqual([cropped.width, cropped.height], [333, 222]);
  const expected = await sharp(capture).extract({ left: 101, top: 57, width: 333, height: 222 }).raw().toBuffer();
  const actual = await sharp(cropped.png).raw().toBuffer();
  assert.ok(actual.equals(expected));
  await assert.rejects(host.crop(capture, { x: 700, y: 0, width: 200, height: 10 }), /not inside the 800x600 capture/);
});

test('the engine fills the areas a redaction hides, for main: opaque black, the rest exact', async (t) => {
  const host = realEngineHost();
  t.after(() => host.dispose());
  const capture = await testPng(400, 300, 7);
  const box = { x: 30, y: 40, width: 120, height: 16 };
  const filled = await sharp(await host.fillBoxes(capture, [box]))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const before = await sharp(capture).raw().toBuffer();
  const channels = filled.info.channels;
  assert.equal(filled.data.length, before.length);
  for (let y = 0; y < 300; y++) {
    for (let x = 0; x < 400; x++) {
      const at = (y * 400 + x) * channels;
      const inside = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
      const want = inside ? [0, 0, 0, 255].slice(0, channels) : [...before.subarray(at, at + channels)];
      assert.deepEqual([...filled.data.subarray(at, at + channels)], want, `(${x}, ${y})`);
    }
  }
});
