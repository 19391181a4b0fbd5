import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { desktopThreading, engineSessionOptions } from '../../engine/session-options.js';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';

test('the engine turns off onnxruntime’s spinning worker threads by default (a desktop is never idle)', () => {
  assert.deepEqual(desktopThreading, { spinning: false });
  assert.deepEqual(engineSessionOptions(3).extra, {
    session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } },
  });
  assert.equal(engineSessionOptions(2, { spinning: true }).extra?.session.intra_op.allow_spinning, '1');
});

test('onnxruntime accepts the engine’s session options and runs with them', async () => {
  const dir = await tinyModelDir('smolvlm');
  const session = await ort.InferenceSession.create(
    join(dir, 'onnx', 'embed_tokens_quantized.onnx'),
    engineSessionOptions(3) as ort.InferenceSession.SessionOptions,
  );
  try {
    const out = await session.run({ input_ids: new ort.Tensor('int64', BigInt64Array.of(1n, 2n), [1, 2]) });
    assert.equal((out.inputs_embeds as ort.Tensor).dims[1], 2);
  } finally {
    await session.release();
  }
});
