// PP-OCR's graphs spell each hard-swish as four element-wise operators,
// x · clip(x + 3, 0, 6) / 6 (Add, Clip, Mul, Div: Paddle2ONNX's export), each
// a full pass over the tensor; onnxruntime fuses none of them. Rewritten as
// x · HardSigmoid(x) (alpha 1/6, beta 1/2: the same function, in operators
// every opset since 6 has), two passes instead of four. The rewrite reads and
// writes the ONNX protobuf directly, touching only those nodes: every other
// byte of the model is copied as it was. Measured in bench/README.md ("The
// text layer"). Node only.
import { concat, fieldsOf, lengthDelimited, writeVarint, type Field } from './onnx-protobuf.js';

const text = new TextDecoder();
const encoder = new TextEncoder();

// ONNX field numbers (onnx.proto3).
const model = { graph: 7 };
const graph = { node: 1, initializer: 5, output: 12 };
const node = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
const attribute = { name: 1, f: 2, t: 5, type: 20 };
const tensor = { dataType: 2, floatData: 4, name: 8, rawData: 9 };
const attributeFloat = 1;
const tensorFloat = 1;

interface Node {
  field: Field;
  inputs: string[];
  outputs: string[];
  op: string;
  /** Float attributes by name (Clip's min and max before opset 11). */
  floats: Map<string, number>;
  /** A Constant node's value, when it is one float. */
  constant: number | undefined;
}

/** A TensorProto's value when it holds exactly one float32. */
function scalarOf(bytes: Uint8Array, start: number, end: number): { name: string; value: number | undefined } {
  let name = '';
  let value: number | undefined;
  let type = 0;
  for (const f of fieldsOf(bytes, start, end)) {
    if (f.field === tensor.name) name = text.decode(bytes.subarray(f.valueStart, f.valueEnd));
    if (f.field === tensor.dataType) type = f.varint;
    if (f.field === tensor.rawData && f.valueEnd - f.valueStart === 4) {
      value = new DataView(bytes.buffer, bytes.byteOffset + f.valueStart, 4).getFloat32(0, true);
    }
    if (f.field === tensor.floatData && f.wire === 2 && f.valueEnd - f.valueStart === 4) {
      value = new DataView(bytes.buffer, bytes.byteOffset + f.valueStart, 4).getFloat32(0, true);
    }
    if (f.field === tensor.floatData && f.wire === 5) {
      value = new DataView(bytes.buffer, bytes.byteOffset + f.start + 1, 4).getFloat32(0, true);
    }
  }
  return { name, value: type === tensorFloat ? value : undefined };
}

function nodeOf(bytes: Uint8Array, field: Field): Node {
  const result: Node = { field, inputs: [], outputs: [], op: '', floats: new Map(), constant: undefined };
  for (const f of fieldsOf(bytes, field.valueStart, field.valueEnd)) {
    const value = () => text.decode(bytes.subarray(f.valueStart, f.valueEnd));
    if (f.field === node.input) result.inputs.push(value());
    else if (f.field === node.output) result.outputs.push(value());
    else if (f.field === node.opType) result.op = value();
    else if (f.field === node.attribute) {
      let name = '';
      let float: number | undefined;
      let scalar: number | undefined;
      for (const a of fieldsOf(bytes, f.valueStart, f.valueEnd)) {
        if (a.field === attribute.name) name = text.decode(bytes.subarray(a.valueStart, a.valueEnd));
        if (a.field === attribute.f && a.wire === 5) {
          float = new DataView(bytes.buffer, bytes.byteOffset + a.start + 1, 4).getFloat32(0, true);
        }
        if (a.field === attribute.t) scalar = scalarOf(bytes, a.valueStart, a.valueEnd).value;
      }
      if (float !== undefined) result.floats.set(name, float);
      if (name === 'value' && scalar !== undefined) result.constant = scalar;
    }
  }
  return result;
}

function encodeNode(inputs: string[], outputs: string[], op: string, floats: Record<string, number>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const input of inputs) parts.push(lengthDelimited(node.input, encoder.encode(input)));
  for (const output of outputs) parts.push(lengthDelimited(node.output, encoder.encode(output)));
  parts.push(lengthDelimited(node.name, encoder.encode(`${outputs[0]}/fused`)));
  parts.push(lengthDelimited(node.opType, encoder.encode(op)));
  for (const [name, value] of Object.entries(floats)) {
    const float = new Uint8Array(5);
    float[0] = attribute.f * 8 + 5;
    new DataView(float.buffer).setFloat32(1, value, true);
    const type: number[] = [];
    writeVarint(attribute.type * 8, type);
    writeVarint(attributeFloat, type);
    parts.push(
      lengthDelimited(
        node.attribute,
        concat([lengthDelimited(attribute.name, encoder.encode(name)), float, Uint8Array.from(type)]),
      ),
    );
  }
  return lengthDelimited(graph.node, concat(parts));
}

/** The model with every hard-swish written as HardSigmoid and Mul, and how many there were. */
export function fuseHardSwish(bytes: Uint8Array): { model: Uint8Array; fused: number } {
  const top = fieldsOf(bytes);
  const graphField = top.find((f) => f.field === model.graph && f.wire === 2);
  if (!graphField) return { model: bytes, fused: 0 };
  const graphFields = fieldsOf(bytes, graphField.valueStart, graphField.valueEnd);
  const nodes = graphFields.filter((f) => f.field === graph.node).map((f) => nodeOf(bytes, f));

  const constants = new Map<string, number>();
  for (const n of nodes) if (n.op === 'Constant' && n.constant !== undefined) constants.set(n.outputs[0]!, n.constant);
  for (const f of graphFields.filter((f) => f.field === graph.initializer)) {
    const { name, value } = scalarOf(bytes, f.valueStart, f.valueEnd);
    if (value !== undefined) constants.set(name, value);
  }
  const users = new Map<string, Node[]>();
  for (const n of nodes) for (const input of n.inputs) users.set(input, [...(users.get(input) ?? []), n]);
  const graphOutputs = new Set(
    graphFields
      .filter((f) => f.field === graph.output)
      .flatMap((f) => fieldsOf(bytes, f.valueStart, f.valueEnd).filter((g) => g.field === 1))
      .map((g) => text.decode(bytes.subarray(g.valueStart, g.valueEnd))),
  );
  /** The one node that reads `name`, when nothing else (no other node, no graph output) does. */
  const onlyUser = (name: string) => {
    const readers = users.get(name) ?? [];
    return readers.length === 1 && !graphOutputs.has(name) ? readers[0] : undefined;
  };
  const is = (name: string | undefined, value: number) => name !== undefined && constants.get(name) === value;

  const replaced = new Map<Node, Uint8Array>();
  const dropped = new Set<Node>();
  let fused = 0;
  for (const add of nodes) {
    if (add.op !== 'Add' || add.inputs.length !== 2) continue;
    const x = is(add.inputs[1], 3) ? add.inputs[0] : is(add.inputs[0], 3) ? add.inputs[1] : undefined;
    if (x === undefined) continue;
    const clip = onlyUser(add.outputs[0]!);
    if (clip?.op !== 'Clip' || clip.inputs[0] !== add.outputs[0]) continue;
    const bounds =
      clip.inputs.length === 1
        ? clip.floats.get('min') === 0 && clip.floats.get('max') === 6
        : is(clip.inputs[1], 0) && is(clip.inputs[2], 6);
    if (!bounds) continue;
    const mul = onlyUser(clip.outputs[0]!);
    if (mul?.op !== 'Mul' || !mul.inputs.includes(x) || !mul.inputs.includes(clip.outputs[0]!)) continue;
    const div = onlyUser(mul.outputs[0]!);
    if (div?.op !== 'Div' || div.inputs[0] !== mul.outputs[0] || !is(div.inputs[1], 6)) continue;
    const out = div.outputs[0]!;
    const gate = `${out}/hard_sigmoid`;
    replaced.set(add, encodeNode([x], [gate], 'HardSigmoid', { alpha: 1 / 6, beta: 0.5 }));
    replaced.set(mul, encodeNode([x, gate], [out], 'Mul', {}));
    dropped.add(clip).add(div);
    fused += 1;
  }
  if (fused === 0) return { model: bytes, fused };
  // The constants only the rewritten operators read (3, 0, 6) go too: onnxruntime would warn about each.
  const gone = (n: Node) => dropped.has(n) || (replaced.has(n) && n.op === 'Add');
  for (const n of nodes) {
    if (n.op !== 'Constant' || graphOutputs.has(n.outputs[0]!)) continue;
    const readers = users.get(n.outputs[0]!) ?? [];
    if (readers.length > 0 && readers.every(gone)) dropped.add(n);
  }

  const byField = new Map(nodes.map((n) => [n.field, n]));
  const graphParts = graphFields.map((f) => {
    const n = byField.get(f);
    if (n && dropped.has(n)) return new Uint8Array();
    return (n && replaced.get(n)) ?? bytes.subarray(f.start, f.end);
  });
  const modelParts = top.map((f) =>
    f === graphField ? lengthDelimited(model.graph, concat(graphParts)) : bytes.subarray(f.start, f.end),
  );
  return { model: concat(modelParts), fused };
}
