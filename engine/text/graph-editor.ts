// Changes to an ONNX graph read by onnx-graph.ts, written back as a new
// model: nodes and tensors replaced, dropped or added, every other byte of the
// model copied as it was, and the whole model joined once (Pieces). The text
// layer's rewrites (hardswish-graph.ts, affine-fold-graph.ts) make their
// changes through it, on one reading of each graph (rewriteGraph). Node only.
import { concat, fieldsOf, lengthDelimited, varintField, type Field, type Pieces } from './onnx-protobuf.js';
import {
  attributeField,
  float32Type,
  graphField,
  littleEndian,
  modelField,
  nodeField,
  OnnxGraph,
  tensorField,
  type FloatTensor,
  type GraphNode,
} from './onnx-graph.js';

const encoder = new TextEncoder();
const attributeType = { float: 1, int: 2, tensor: 4 };

/** A TensorProto of float32 values (raw, little-endian). */
function encodeTensor(name: string, tensor: FloatTensor): Pieces {
  let raw: Uint8Array;
  if (littleEndian) raw = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  else {
    raw = new Uint8Array(tensor.data.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < tensor.data.length; i++) view.setFloat32(i * 4, tensor.data[i]!, true);
  }
  return [
    ...tensor.dims.map((d) => varintField(tensorField.dims, d)),
    varintField(tensorField.dataType, float32Type),
    ...lengthDelimited(tensorField.name, [encoder.encode(name)]),
    ...lengthDelimited(tensorField.rawData, [raw]),
  ];
}

function floatAttributeField(name: string, value: number): Pieces {
  const float = new Uint8Array(5);
  float[0] = attributeField.f * 8 + 5;
  new DataView(float.buffer).setFloat32(1, value, true);
  return lengthDelimited(nodeField.attribute, [
    ...lengthDelimited(attributeField.name, [encoder.encode(name)]),
    float,
    varintField(attributeField.type, attributeType.float),
  ]);
}

function intAttributeField(name: string, value: number): Pieces {
  return lengthDelimited(nodeField.attribute, [
    ...lengthDelimited(attributeField.name, [encoder.encode(name)]),
    varintField(attributeField.i, value),
    varintField(attributeField.type, attributeType.int),
  ]);
}

function tensorAttributeField(name: string, tensor: Pieces): Pieces {
  return lengthDelimited(nodeField.attribute, [
    ...lengthDelimited(attributeField.name, [encoder.encode(name)]),
    ...lengthDelimited(attributeField.t, tensor),
    varintField(attributeField.type, attributeType.tensor),
  ]);
}

/** What pruning needs to know of a node: what it is, reads and writes. */
export type NodeWiring = Pick<GraphNode, 'op' | 'inputs' | 'outputs'>;

/** A node as the graph's field (inputs, outputs, name, operator, attributes), with its wiring. */
function encodeNode(wiring: NodeWiring, attributes: Pieces): { pieces: Pieces; wiring: NodeWiring } {
  const { inputs, outputs, op } = wiring;
  const pieces = lengthDelimited(graphField.node, [
    ...inputs.flatMap((input) => lengthDelimited(nodeField.input, [encoder.encode(input)])),
    ...outputs.flatMap((output) => lengthDelimited(nodeField.output, [encoder.encode(output)])),
    ...lengthDelimited(nodeField.name, [encoder.encode(`${outputs[0]}/rewritten`)]),
    ...lengthDelimited(nodeField.opType, [encoder.encode(op)]),
    ...attributes,
  ]);
  return { pieces, wiring };
}

/** One field of the graph as it will be written: its pieces, and its wiring when it is a node. */
interface WrittenField {
  pieces: Pieces;
  wiring: NodeWiring | undefined;
}

/**
 * Changes to a graph, written as a new model by `write`. Constant nodes that
 * nothing reads any more once the changes are made are dropped with them
 * (onnxruntime would warn about each).
 */
export class GraphEditor {
  private readonly replaced = new Map<Field, WrittenField>();
  private readonly dropped = new Set<Field>();
  private readonly added: WrittenField[] = [];

  constructor(private readonly graph: OnnxGraph) {}

  get changed(): boolean {
    return this.replaced.size > 0 || this.dropped.size > 0 || this.added.length > 0;
  }

  /** Gives an existing tensor new values, where it is held. */
  setTensor(name: string, tensor: FloatTensor): void {
    const place = this.graph.tensorPlace(name);
    if (!place) throw new Error(`The model holds no tensor ${name}.`);
    const encoded = encodeTensor(name, tensor);
    if ('initializer' in place.holder) {
      this.replaced.set(place.holder.initializer, {
        pieces: lengthDelimited(graphField.initializer, encoded),
        wiring: undefined,
      });
    } else {
      const wiring = { op: 'Constant', inputs: [], outputs: [name] };
      this.replaced.set(place.holder.constant.field, encodeNode(wiring, tensorAttributeField('value', encoded)));
    }
  }

  /** A new Constant node holding `tensor`, placed before every other node. */
  addConstant(name: string, tensor: FloatTensor): void {
    const wiring = { op: 'Constant', inputs: [], outputs: [name] };
    this.added.push(encodeNode(wiring, tensorAttributeField('value', encodeTensor(name, tensor))));
  }

  /** The node with other inputs or outputs; everything else it says (name, operator, attributes, domain) kept. */
  rewire(node: GraphNode, change: { inputs?: string[]; outputs?: string[] }): void {
    const { bytes } = this.graph;
    const inputs = change.inputs ?? node.inputs;
    const outputs = change.outputs ?? node.outputs;
    const kept = fieldsOf(bytes, node.field.valueStart, node.field.valueEnd)
      .filter((f) => f.field !== nodeField.input && f.field !== nodeField.output)
      .map((f) => bytes.subarray(f.start, f.end));
    const pieces = lengthDelimited(graphField.node, [
      ...inputs.flatMap((input) => lengthDelimited(nodeField.input, [encoder.encode(input)])),
      ...outputs.flatMap((output) => lengthDelimited(nodeField.output, [encoder.encode(output)])),
      ...kept,
    ]);
    this.replaced.set(node.field, { pieces, wiring: { op: node.op, inputs, outputs } });
  }

  /** The node replaced by another operator, with float and (non-negative) integer attributes. */
  replace(
    node: GraphNode,
    wiring: NodeWiring,
    attributes: { floats?: Record<string, number>; ints?: Record<string, number> } = {},
  ): void {
    const fields = [
      ...Object.entries(attributes.floats ?? {}).flatMap(([name, value]) => floatAttributeField(name, value)),
      ...Object.entries(attributes.ints ?? {}).flatMap(([name, value]) => intAttributeField(name, value)),
    ];
    this.replaced.set(node.field, encodeNode(wiring, fields));
  }

  drop(node: GraphNode): void {
    this.dropped.add(node.field);
  }

  write(): Uint8Array {
    const bytes = this.graph.bytes;
    const nodeAt = new Map(this.graph.nodes.map((node) => [node.field, node]));
    const firstNode = this.graph.fields.find((f) => f.field === graphField.node);
    const written: WrittenField[] = [];
    for (const f of this.graph.fields) {
      if (f === firstNode) written.push(...this.added);
      if (this.dropped.has(f)) continue;
      written.push(this.replaced.get(f) ?? { pieces: [bytes.subarray(f.start, f.end)], wiring: nodeAt.get(f) });
    }
    // Constants nothing reads any more go too.
    const read = new Set(written.flatMap((field) => field.wiring?.inputs ?? []));
    const unread = (wiring: NodeWiring | undefined) =>
      wiring?.op === 'Constant' && wiring.outputs.every((o) => !read.has(o) && !this.graph.isOutput(o));
    const graph = lengthDelimited(
      modelField.graph,
      written.filter((field) => !unread(field.wiring)).flatMap((field) => field.pieces),
    );
    return concat(this.graph.top.flatMap((f) => (f === this.graph.graph ? graph : [bytes.subarray(f.start, f.end)])));
  }
}

/** A rewrite of a graph: its changes made through the editor, and how many places it changed. */
export type GraphRewrite = (graph: OnnxGraph, editor: GraphEditor) => number;

/**
 * The model with the rewrites applied, in order, on one reading of it, and
 * how many places each changed; the same bytes where none changed anything.
 */
export function rewriteGraph(
  bytes: Uint8Array,
  rewrites: readonly GraphRewrite[],
): { model: Uint8Array; counts: number[] } {
  const graph = OnnxGraph.read(bytes);
  if (!graph) return { model: bytes, counts: rewrites.map(() => 0) };
  const editor = new GraphEditor(graph);
  const counts = rewrites.map((rewrite) => rewrite(graph, editor));
  return { model: editor.changed ? editor.write() : bytes, counts };
}
