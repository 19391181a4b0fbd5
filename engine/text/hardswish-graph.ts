// PP-OCR's graphs spell each hard-swish as four element-wise operators,
// x · clip(x + 3, 0, 6) / 6 (Add, Clip, Mul, Div: Paddle2ONNX's export), each
// a full pass over the tensor; onnxruntime fuses none of them. Rewritten as
// x · HardSigmoid(x) (alpha 1/6, beta 1/2: the same function, in operators
// every opset since 6 has), two passes instead of four. The rewrite touches
// only those nodes (onnx-graph.ts): every other byte of the model is copied
// as it was. Measured in bench/README.md ("The text layer"). Node only.
import type { GraphEditor } from './graph-editor.js';
import type { OnnxGraph } from './onnx-graph.js';

/** Every hard-swish written as HardSigmoid and Mul; how many there were. */
export function fuseHardSwish(graph: OnnxGraph, editor: GraphEditor): number {
  const is = (name: string | undefined, value: number) => name !== undefined && graph.scalar(name) === value;
  let fused = 0;
  for (const add of graph.nodes) {
    if (add.op !== 'Add' || add.inputs.length !== 2) continue;
    const x = is(add.inputs[1], 3) ? add.inputs[0] : is(add.inputs[0], 3) ? add.inputs[1] : undefined;
    if (x === undefined) continue;
    const clip = graph.onlyReader(add.outputs[0]!);
    if (clip?.op !== 'Clip' || clip.inputs[0] !== add.outputs[0]) continue;
    const bounds =
      clip.inputs.length === 1
        ? graph.floatAttribute(clip, 'min') === 0 && graph.floatAttribute(clip, 'max') === 6
        : is(clip.inputs[1], 0) && is(clip.inputs[2], 6);
    if (!bounds) continue;
    const mul = graph.onlyReader(clip.outputs[0]!);
    if (mul?.op !== 'Mul' || !mul.inputs.includes(x) || !mul.inputs.includes(clip.outputs[0]!)) continue;
    const div = graph.onlyReader(mul.outputs[0]!);
    if (div?.op !== 'Div' || div.inputs[0] !== mul.outputs[0] || !is(div.inputs[1], 6)) continue;
    const out = div.outputs[0]!;
    const gate = `${out}/hard_sigmoid`;
    editor.replace(add, { op: 'HardSigmoid', inputs: [x], outputs: [gate] }, { floats: { alpha: 1 / 6, beta: 0.5 } });
    editor.replace(mul, { op: 'Mul', inputs: [x, gate], outputs: [out] });
    editor.drop(clip);
    editor.drop(div);
    fused += 1;
  }
  return fused;
}
