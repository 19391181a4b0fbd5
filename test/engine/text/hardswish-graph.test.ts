import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fuseHardSwish } from '../../../engine/text/hardswish-graph.js';
import { ocrModelPaths } from '../../../engine/text/model-files.js';
import { rewriteGraph } from '../../../engine/text/graph-editor.js';
import { worstDifference } from './compare-graphs.js';

// PP-OCR's hard-swishes rewritten as HardSigmoid and Mul: every one of them
// in both shipped graphs, the same outputs as the graphs as exported, and a
// graph with none left as it was, byte for byte.

const paths = ocrModelPaths();

for (const [name, file, dims, expected] of [
  ['recogniser', paths.recognition, [1, 3, 48, 320], 28],
  ['detector', paths.detection, [1, 3, 320, 320], 24],
] as const) {
  test(`the ${name}: all ${expected} hard-swishes rewritten, with the outputs of the graph as exported`, async () => {
    const exported = await readFile(file);
    const { model, counts } = rewriteGraph(exported, [fuseHardSwish]);
    assert.deepEqual(counts, [expected]);
    const worst = await worstDifference(exported, model, dims);
    assert.ok(worst < 1e-4, `outputs differ by up to ${worst}`);

    // Nothing left to rewrite: the same bytes back.
    const again = rewriteGraph(model, [fuseHardSwish]);
    assert.deepEqual(again.counts, [0]);
    assert.equal(again.model, model);
  });
}
