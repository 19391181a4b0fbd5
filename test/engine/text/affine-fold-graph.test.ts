import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { foldAffine } from '../../../engine/text/affine-fold-graph.js';
import { fuseHardSwish } from '../../../engine/text/hardswish-graph.js';
import { ocrModelPaths } from '../../../engine/text/model-files.js';
import { rewriteGraph } from '../../../engine/text/graph-editor.js';
import { OnnxGraph } from '../../../engine/text/onnx-graph.js';
import { attr, GraphBuilder } from '../../fixtures/tiny-model/onnx-builder.js';
import { worstDifference } from './compare-graphs.js';

// The scalar affine blocks around PP-OCR's convolutions folded into their
// weights: every one in both shipped graphs, the same outputs as the graphs
// as exported (alone and with the hard-swish rewrite, as the app loads them),
// and the three shapes of the fold (after a convolution, before an unpadded
// one, before a padded one) exact on a graph built for them, where shared
// weights are left alone.

const paths = ocrModelPaths();

/** Convolutions whose output still goes through a Mul by one number: what the fold removes. */
function scaledConvolutions(model: Uint8Array): number {
  const graph = OnnxGraph.read(model)!;
  return graph.nodes.filter((node) => {
    if (node.op !== 'Conv') return false;
    const reader = graph.onlyReader(node.outputs[0]!);
    return reader?.op === 'Mul' && reader.inputs.some((input) => graph.scalar(input) !== undefined);
  }).length;
}

for (const [name, file, dims, expected] of [
  ['recogniser', paths.recognition, [1, 3, 48, 320], 53],
  ['detector', paths.detection, [1, 3, 320, 320], 48],
] as const) {
  test(`the ${name}: all ${expected} affine blocks folded into its convolutions, with the outputs of the graph as exported`, async () => {
    const exported = await readFile(file);
    assert.ok(scaledConvolutions(exported) > 20);
    const folded = rewriteGraph(exported, [foldAffine]);
    assert.deepEqual(folded.counts, [expected]);
    assert.equal(scaledConvolutions(folded.model), 0);
    const worst = await worstDifference(exported, folded.model, dims);
    assert.ok(worst < 1e-4, `outputs differ by up to ${worst}`);

    // As the app loads it: both rewrites on one reading of the graph.
    const shipped = rewriteGraph(exported, [foldAffine, fuseHardSwish]);
    assert.deepEqual(shipped.counts, [expected, name === 'recogniser' ? 28 : 24]);
    const worstShipped = await worstDifference(exported, shipped.model, dims);
    assert.ok(worstShipped < 1e-4, `outputs differ by up to ${worstShipped}`);

    // Nothing left to fold: the same bytes back.
    const again = rewriteGraph(folded.model, [foldAffine]);
    assert.deepEqual(again.counts, [0]);
    assert.equal(again.model, folded.model);
  });
}

/** Weights in [-1, 1) from a seed. */
function weights(count: number, seed: number): Float32Array {
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = Math.sin(seed * 12.9898 + i * 78.233) * 0.9;
  return data;
}

test('each shape of the fold is exact, padding included, with weights as initializers and convolutions without bias', async () => {
  const g = new GraphBuilder('affine');
  const x = g.input('x', 'float32', [1, 4, 7, 9]);
  const affine = (input: string, scale: number, offset: number, scaleFirst = false) => {
    const scaled = scaleFirst ? g.op('Mul', [g.floats([scale]), input]) : g.op('Mul', [input, g.floats([scale])]);
    return g.op('Add', [scaled, g.floats([offset])]);
  };
  const pad1 = { pads: attr.ints([1, 1, 1, 1]) };
  // After a 3×3 convolution without bias.
  const a = g.op('Conv', [x, g.weight('w1', weights(4 * 4 * 9, 1), [4, 4, 3, 3])], pad1);
  const b = g.op('Relu', [affine(a, 1.5, 0.25)]);
  // Before a 1×1 convolution (and after it).
  const c = g.op('Conv', [
    affine(b, 0.5, -0.3, true),
    g.weight('w2', weights(8 * 4, 2), [8, 4, 1, 1]),
    g.floats(Array.from(weights(8, 3)), [8]),
  ]);
  const d = g.op('Relu', [affine(c, 2, 0.1)]);
  // Before a padded depthwise convolution: the zeros around must stay zeros.
  const e = g.op(
    'Conv',
    [affine(d, 0.8, 0.7), g.weight('w3', weights(8 * 9, 4), [8, 1, 3, 3]), g.weight('b3', weights(8, 5), [8])],
    {
      ...pad1,
      group: attr.int(8),
    },
  );
  // Two convolutions sharing their weights: neither is changed.
  const shared = g.weight('w4', weights(8 * 8, 6), [8, 8, 1, 1]);
  const f = g.op('Relu', [affine(g.op('Conv', [e, shared]), 3, 1)]);
  const y = g.op('Conv', [affine(f, 0.6, 0.2), shared]);
  g.output('y', 'float32', [1, 8, 7, 9], y);
  const model = g.toBytes({ opset: 13 });

  const { model: folded, counts } = rewriteGraph(model, [foldAffine]);
  assert.deepEqual(counts, [4]);
  const worst = await worstDifference(model, folded, [1, 4, 7, 9]);
  assert.ok(worst < 1e-4, `outputs differ by up to ${worst}`);
  const ops = OnnxGraph.read(folded)!.nodes.map((node) => node.op);
  // Left: both blocks around the shared weights; the offset before the padded
  // convolution is a 1×1 depthwise convolution now (a sixth Conv).
  assert.equal(ops.filter((op) => op === 'Mul').length, 2);
  assert.equal(ops.filter((op) => op === 'Add').length, 2);
  assert.equal(ops.filter((op) => op === 'Conv').length, 6);
});
