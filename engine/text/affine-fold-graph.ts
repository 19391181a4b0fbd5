// PP-OCRv4's backbone (PP-LCNetV3) follows every convolution with two
// "learnable affine blocks", x · s + c with scalar s and c: one on the
// convolution's output, one on its activation's. Paddle2ONNX exports each as
// a Mul and an Add, two full passes over the activations, and onnxruntime
// folds none of them: measured, they were a quarter of the recogniser's time.
// They fold into the convolutions' weights, with the same function:
// - after a convolution: s · (W ∗ x + b) + c is (s · W) ∗ x + (s · b + c);
// - before a convolution without padding (the 1×1 ones): W ∗ (s · x + c) is
//   (s · W) ∗ x + b + c · ΣW, each output channel summing its own weights;
// - before a padded convolution (the depthwise 3×3 and 5×5), where the
//   padding's zeros would not be offset: W ∗ (s · x + c) is (s · W) ∗ (x + c/s)
//   with the same zeros around (s · 0 = 0), so the Mul goes and x + c/s stays,
//   written as a 1×1 depthwise convolution (below: why).
// Node only.
import type { GraphEditor } from './graph-editor.js';
import type { FloatTensor, GraphNode, OnnxGraph } from './onnx-graph.js';

interface ConvParameters {
  weight: FloatTensor;
  bias: Float32Array;
  inputs: string[];
  outputs: string[];
}

// The loops over weights are functions of their own: V8 optimises a small
// function called often far sooner than a loop inside one long call (measured:
// the detector's folds took 77 ms inline; both graphs' whole rewrite, 70 to
// 95 ms, takes them as functions).

function scaleInPlace(data: Float32Array, factor: number): void {
  for (let i = 0; i < data.length; i++) data[i] = data[i]! * factor;
}

/** Each output channel's weights summed (a Conv's weights are [channels, inputs, height, width]). */
function channelSums(data: Float32Array, channels: number): Float64Array {
  const perChannel = data.length / channels;
  const sums = new Float64Array(channels);
  for (let o = 0; o < channels; o++) {
    let sum = 0;
    for (let i = o * perChannel; i < (o + 1) * perChannel; i++) sum += data[i]!;
    sums[o] = sum;
  }
  return sums;
}

/** Every such Mul and Add folded into a convolution; how many pairs there were. */
export function foldAffine(graph: OnnxGraph, editor: GraphEditor): number {
  const producer = new Map(graph.nodes.flatMap((node) => node.outputs.map((output) => [output, node] as const)));
  const gone = new Set<GraphNode>();
  const convs = new Map<GraphNode, ConvParameters>();

  /** The scalar `node` applies to `x`: its other input's value, when that is one float. */
  const scalarBeside = (node: GraphNode, x: string): number | undefined => {
    if (node.inputs.length !== 2 || gone.has(node)) return undefined;
    if (node.inputs[0] === x && node.inputs[1] !== x) return graph.scalar(node.inputs[1]!);
    if (node.inputs[1] === x && node.inputs[0] !== x) return graph.scalar(node.inputs[0]!);
    return undefined;
  };
  /** The convolution's weights and bias as they stand, when no other node shares them. */
  const parametersOf = (conv: GraphNode): ConvParameters | undefined => {
    const known = convs.get(conv);
    if (known) return known;
    const [, weightName, biasName] = conv.inputs;
    if (weightName === undefined || graph.readersOf(weightName).length !== 1) return undefined;
    const weight = graph.tensor(weightName);
    if (!weight || weight.dims.length < 3) return undefined;
    const channels = weight.dims[0]!;
    let bias: Float32Array = new Float32Array(channels);
    if (biasName) {
      const value = graph.tensor(biasName)?.data;
      if (graph.readersOf(biasName).length !== 1 || value?.length !== channels) return undefined;
      bias = value;
    }
    const parameters = { weight, bias, inputs: [...conv.inputs], outputs: [...conv.outputs] };
    convs.set(conv, parameters);
    return parameters;
  };

  let folded = 0;
  const conv2ds = graph.nodes.filter((node) => node.op === 'Conv');
  // After: Conv → Mul(s) → Add(c).
  for (const conv of conv2ds) {
    const mul = graph.onlyReader(conv.outputs[0]!);
    if (mul?.op !== 'Mul') continue;
    const scale = scalarBeside(mul, conv.outputs[0]!);
    const add = graph.onlyReader(mul.outputs[0]!);
    if (scale === undefined || add?.op !== 'Add') continue;
    const offset = scalarBeside(add, mul.outputs[0]!);
    const parameters = offset === undefined ? undefined : parametersOf(conv);
    if (offset === undefined || !parameters) continue;
    const { weight, bias } = parameters;
    scaleInPlace(weight.data, scale);
    for (let o = 0; o < bias.length; o++) bias[o] = bias[o]! * scale + offset;
    parameters.outputs = [...add.outputs];
    gone.add(mul).add(add);
    folded += 1;
  }
  // Before: Mul(s) → Add(c) → Conv.
  for (const conv of conv2ds) {
    const x = conv.inputs[0]!;
    const add = producer.get(x);
    if (add?.op !== 'Add' || graph.onlyReader(x) !== conv) continue;
    const scaled = add.inputs.find((input) => producer.get(input)?.op === 'Mul');
    const mul = scaled === undefined ? undefined : producer.get(scaled);
    if (!mul || scaled === undefined || graph.onlyReader(scaled) !== add) continue;
    const offset = scalarBeside(add, scaled);
    const source = mul.inputs.find((input) => graph.scalar(input) === undefined);
    const scale = source === undefined ? undefined : scalarBeside(mul, source);
    if (offset === undefined || source === undefined || scale === undefined || scale === 0) continue;
    const parameters = parametersOf(conv);
    if (!parameters) continue;
    const { weight, bias } = parameters;
    const pads = graph.intsAttribute(conv, 'pads') ?? [];
    const padded = pads.some((pad) => pad !== 0) || conv.attributes.has('auto_pad');
    if (!padded) {
      const sums = channelSums(weight.data, bias.length);
      for (let o = 0; o < bias.length; o++) bias[o] = bias[o]! + offset * sums[o]!;
      parameters.inputs[0] = source;
      gone.add(add);
    } else {
      // x + c/s as a 1×1 depthwise convolution with that bias and weights of one: onnxruntime keeps a
      // convolution in its blocked (NCHWc) layout, where an Add of one number takes the tensor out of
      // it and back (measured: 0.92 of the recogniser's time, the same outputs).
      const channels = weight.dims[1]! * (graph.intAttribute(conv, 'group') ?? 1);
      const ones = `${add.outputs[0]}/ones`;
      const shift = `${add.outputs[0]}/offset`;
      editor.addConstant(ones, { dims: [channels, 1, 1, 1], data: new Float32Array(channels).fill(1) });
      editor.addConstant(shift, { dims: [channels], data: new Float32Array(channels).fill(offset / scale) });
      editor.replace(
        add,
        { op: 'Conv', inputs: [source, ones, shift], outputs: add.outputs },
        { ints: { group: channels } },
      );
    }
    scaleInPlace(weight.data, scale);
    gone.add(mul);
    folded += 1;
  }
  if (folded === 0) return 0;

  for (const node of gone) editor.drop(node);
  for (const [conv, parameters] of convs) {
    editor.setTensor(conv.inputs[1]!, parameters.weight);
    const biasName = conv.inputs[2];
    if (biasName) editor.setTensor(biasName, { dims: [parameters.bias.length], data: parameters.bias });
    else {
      const name = `${parameters.outputs[0]}/bias`;
      editor.addConstant(name, { dims: [parameters.bias.length], data: parameters.bias });
      parameters.inputs[2] = name;
    }
    editor.rewire(conv, { inputs: parameters.inputs, outputs: parameters.outputs });
  }
  return folded;
}
