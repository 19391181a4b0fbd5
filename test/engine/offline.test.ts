import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { installNetworkGuard } from '../support/network-guard.js';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';
import { startEngine } from '../support/engine-harness.js';
import { testPng } from '../support/images.js';

// Installed before the engine code runs anything: a model load or an answer
// that reached for the hub (or anywhere else) would be refused and recorded.
const guard = installNetworkGuard();
after(() => guard.uninstall());

test('the guard catches fetch, sockets and DNS (so the next test means something)', async () => {
  const before = guard.attempts.length;
  await assert.rejects(fetch('http://127.0.0.1:9/'));
  assert.throws(() => http.get('http://127.0.0.1:9/'));
  assert.equal(guard.attempts.length - before, 2);
  guard.attempts.length = before;
});

test('a whole conversation, load to follow-up, makes no network request', async () => {
  const modelDir = await tinyModelDir('smolvlm');
  const engine = startEngine();
  await engine.load({ modelDir, device: 'auto' });
  const image = { kind: 'bytes' as const, bytes: await testPng(400, 200) };
  const first = await engine.ask({
    conversationId: 'o',
    image,
    turns: [{ role: 'user', text: 'Explain this error' }],
    settings: { maxNewTokens: 8 },
  });
  assert.equal(first.end.type, 'done');
  const second = await engine.ask({
    conversationId: 'o',
    image,
    turns: [
      { role: 'user', text: 'Explain this error' },
      { role: 'assistant', text: first.text },
      { role: 'user', text: 'How do I fix it?' },
    ],
    settings: { maxNewTokens: 8 },
  });
  assert.equal(second.end.type, 'done');
  assert.deepEqual(guard.attempts, []);
});
