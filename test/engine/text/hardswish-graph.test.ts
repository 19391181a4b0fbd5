import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { fuseHardSwish } from '../../../engine/text/hardswish-graph.js';
import { ocrModelPaths } from '../../../engine/text/model-files.js';

// PP-OCR's hard-swishes rewritten as HardSigmoid and Mul: every one of them
// in both shipped graphs, the same outputs as the graphs as exported, and a
// graph with none left as it was, byte for byte.

const paths = ocrModelPaths();
const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, logSeverityLevel: 3 };

/** A fixed pseudo-random input, the same for both graphs. */
function input(dims: number[]): ort.Tensor {
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  let seed = 7;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    data[i] = (seed / 2 ** 31) * 2 - 1;
  }
  return new ort.Tensor('float32', data, dims);
}

for (const [name, file, dims, expected] of [
  ['recogniser', paths.recognition, [1, 3, 48, 320], 28],
  ['detector', paths.detection, [1, 3, 320, 320], 24],
] as const) {
  test(`the ${name}: all ${expected} hard-swishes rewritten, with the outputs of the graph as exported`, async () => {
    const exported = await readFile(file);
    const { model, fused } = fuseHardSwish(exported);
    assert.equal(fused, expected);
    const [before, after] = await Promise.all([
      ort.InferenceSession.create(exported, options),
      ort.InferenceSession.create(model, options),
    ]);
    const feeds = { [before.inputNames[0]!]: input([...dims]) };
    const [a, b] = await Promise.all([before.run(feeds), after.run(feeds)]);
    const expectedOut = a[before.outputNames[0]!]!.data as Float32Array;
    const actualOut = b[after.outputNames[0]!]!.data as Float32Array;
    assert.equal(actualOut.length, expectedOut.length);
    let worst = 0;
    for (let i = 0; i < expectedOut.length; i++) worst = Math.max(worst, Math.abs(actualOut[i]! - expectedOut[i]!));
    assert.ok(worst < 1e-4, `outputs differ by up to ${worst}`);
    await Promise.all([before.release(), after.release()]);

    // Nothing left to rewrite: the same bytes back.
    const again = fuseHardSwish(model);
    assert.equal(again.fused, 0);
    assert.equal(again.model, model);
  });
}
