// An ONNX model's graph as the text layer's rewrites see it
// (hardswish-graph.ts, affine-fold-graph.ts): its nodes with their inputs,
// outputs and attributes, the float tensors it holds (Constant nodes' values
// and initializers) and who reads each value. graph-editor.ts writes the
// model back with some nodes and tensors replaced, dropped or added. Node only.
import { fieldsOf, readVarint, type Field } from './onnx-protobuf.js';

const text = new TextDecoder();

// ONNX field numbers (onnx.proto3), for the reader here and graph-editor.ts.
export const modelField = { graph: 7 };
export const graphField = { node: 1, initializer: 5, output: 12 };
export const nodeField = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
export const attributeField = { name: 1, f: 2, i: 3, t: 5, ints: 8, type: 20 };
export const tensorField = { dims: 1, dataType: 2, floatData: 4, name: 8, rawData: 9 };
const valueInfoField = { name: 1 };
export const float32Type = 1;
/** ONNX stores raw tensor data little-endian, as every platform Sightline ships on is: then bytes are copied, not converted. */
export const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

export interface GraphNode {
  /** The node's field in the graph message. */
  field: Field;
  inputs: string[];
  outputs: string[];
  op: string;
  /** Each attribute's field in the node message, by the attribute's name. */
  attributes: Map<string, Field>;
}

/** A float32 tensor's shape and values (a copy: changing it changes nothing in the model). */
export interface FloatTensor {
  dims: number[];
  data: Float32Array;
}

/** Where a tensor lies: a TensorProto message, held by a Constant node or as an initializer. */
export interface TensorPlace {
  start: number;
  end: number;
  holder: { constant: GraphNode } | { initializer: Field };
}

function nameOf(bytes: Uint8Array, f: Field): string {
  return text.decode(bytes.subarray(f.valueStart, f.valueEnd));
}

function nodeOf(bytes: Uint8Array, field: Field): GraphNode {
  const node: GraphNode = { field, inputs: [], outputs: [], op: '', attributes: new Map() };
  for (const f of fieldsOf(bytes, field.valueStart, field.valueEnd)) {
    if (f.field === nodeField.input) node.inputs.push(nameOf(bytes, f));
    else if (f.field === nodeField.output) node.outputs.push(nameOf(bytes, f));
    else if (f.field === nodeField.opType) node.op = nameOf(bytes, f);
    else if (f.field === nodeField.attribute) {
      const name = fieldsOf(bytes, f.valueStart, f.valueEnd).find((a) => a.field === attributeField.name);
      if (name) node.attributes.set(nameOf(bytes, name), f);
    }
  }
  return node;
}

export class OnnxGraph {
  readonly nodes: GraphNode[];
  /** The model's top-level fields, the graph's among them, and the graph's own fields (what an editor rewrites). */
  readonly top: Field[];
  readonly graph: Field;
  readonly fields: Field[];
  private readonly tensors = new Map<string, TensorPlace>();
  private readonly readers = new Map<string, GraphNode[]>();
  private readonly outputs: Set<string>;

  /** The model's graph, or undefined when the bytes hold none. */
  static read(bytes: Uint8Array): OnnxGraph | undefined {
    const top = fieldsOf(bytes);
    const graph = top.find((f) => f.field === modelField.graph && f.wire === 2);
    return graph ? new OnnxGraph(bytes, top, graph) : undefined;
  }

  private constructor(
    readonly bytes: Uint8Array,
    top: Field[],
    graph: Field,
  ) {
    this.top = top;
    this.graph = graph;
    this.fields = fieldsOf(bytes, graph.valueStart, graph.valueEnd);
    this.nodes = this.fields.filter((f) => f.field === graphField.node).map((f) => nodeOf(bytes, f));
    for (const node of this.nodes) {
      for (const input of node.inputs) this.readers.set(input, [...(this.readers.get(input) ?? []), node]);
      const value = node.op === 'Constant' ? node.attributes.get('value') : undefined;
      const tensor =
        value && fieldsOf(bytes, value.valueStart, value.valueEnd).find((a) => a.field === attributeField.t);
      if (tensor && node.outputs[0] !== undefined) {
        this.tensors.set(node.outputs[0], {
          start: tensor.valueStart,
          end: tensor.valueEnd,
          holder: { constant: node },
        });
      }
    }
    for (const f of this.fields.filter((f) => f.field === graphField.initializer)) {
      const name = fieldsOf(bytes, f.valueStart, f.valueEnd).find((t) => t.field === tensorField.name);
      if (name)
        this.tensors.set(nameOf(bytes, name), { start: f.valueStart, end: f.valueEnd, holder: { initializer: f } });
    }
    this.outputs = new Set(
      this.fields
        .filter((f) => f.field === graphField.output)
        .flatMap((f) => fieldsOf(bytes, f.valueStart, f.valueEnd).filter((g) => g.field === valueInfoField.name))
        .map((g) => nameOf(bytes, g)),
    );
  }

  /** The nodes that read `name`. */
  readersOf(name: string): GraphNode[] {
    return this.readers.get(name) ?? [];
  }

  /** The one node that reads `name`, when nothing else (no other node, no graph output) does. */
  onlyReader(name: string): GraphNode | undefined {
    const readers = this.readersOf(name);
    return readers.length === 1 && !this.outputs.has(name) ? readers[0] : undefined;
  }

  isOutput(name: string): boolean {
    return this.outputs.has(name);
  }

  /** Where a tensor the graph holds lies. */
  tensorPlace(name: string): TensorPlace | undefined {
    return this.tensors.get(name);
  }

  /** A float32 tensor the graph holds as a Constant node or an initializer. */
  tensor(name: string): FloatTensor | undefined {
    const place = this.tensors.get(name);
    if (!place) return undefined;
    const dims: number[] = [];
    let type = 0;
    const values: number[] = [];
    let raw: Uint8Array | undefined;
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset);
    for (const f of fieldsOf(this.bytes, place.start, place.end)) {
      if (f.field === tensorField.dataType) type = f.varint;
      else if (f.field === tensorField.dims && f.wire === 0) dims.push(f.varint);
      else if (f.field === tensorField.dims && f.wire === 2) {
        for (const d of packedVarints(this.bytes, f.valueStart, f.valueEnd)) dims.push(d);
      } else if (f.field === tensorField.rawData) raw = this.bytes.subarray(f.valueStart, f.valueEnd);
      else if (f.field === tensorField.floatData && f.wire === 5) values.push(view.getFloat32(f.start + 1, true));
      // Packed float_data lies like raw_data: little-endian floats, one after the other.
      else if (f.field === tensorField.floatData && f.wire === 2) raw = this.bytes.subarray(f.valueStart, f.valueEnd);
    }
    if (type !== float32Type) return undefined;
    const size = dims.reduce((a, b) => a * b, 1);
    let data: Float32Array;
    // A copy (a Buffer's slice would be a view), aligned for the float view.
    if (raw && littleEndian) data = new Float32Array(new Uint8Array(raw).buffer);
    else if (raw) {
      data = new Float32Array(raw.length / 4);
      const rawView = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let i = 0; i < data.length; i++) data[i] = rawView.getFloat32(i * 4, true);
    } else data = Float32Array.from(values);
    return data.length === size ? { dims, data } : undefined;
  }

  /** A tensor's value when it holds one float. */
  scalar(name: string): number | undefined {
    const place = this.tensors.get(name);
    // Weights are not scalars: skip decoding them.
    if (!place || place.end - place.start > 256) return undefined;
    const tensor = this.tensor(name);
    return tensor?.data.length === 1 ? tensor.data[0] : undefined;
  }

  /** A float attribute of a node (Clip's min and max before opset 11). */
  floatAttribute(node: GraphNode, name: string): number | undefined {
    const f = node.attributes.get(name);
    const value = f && fieldsOf(this.bytes, f.valueStart, f.valueEnd).find((a) => a.field === attributeField.f);
    return value?.wire === 5
      ? new DataView(this.bytes.buffer, this.bytes.byteOffset + value.start + 1, 4).getFloat32(0, true)
      : undefined;
  }

  /** An integer attribute of a node (a Conv's group), or undefined where the node does not set it. */
  intAttribute(node: GraphNode, name: string): number | undefined {
    const f = node.attributes.get(name);
    const value = f && fieldsOf(this.bytes, f.valueStart, f.valueEnd).find((a) => a.field === attributeField.i);
    return value?.wire === 0 ? value.varint : undefined;
  }

  /** An integer-list attribute of a node (a Conv's pads), or undefined where the node does not set it. */
  intsAttribute(node: GraphNode, name: string): number[] | undefined {
    const f = node.attributes.get(name);
    if (!f) return undefined;
    const values: number[] = [];
    for (const a of fieldsOf(this.bytes, f.valueStart, f.valueEnd)) {
      if (a.field !== attributeField.ints) continue;
      if (a.wire === 0) values.push(a.varint);
      else values.push(...packedVarints(this.bytes, a.valueStart, a.valueEnd));
    }
    return values;
  }
}

/** Packed repeated varints (proto3's default for repeated int64). */
function packedVarints(bytes: Uint8Array, start: number, end: number): number[] {
  const values: number[] = [];
  for (let at = start; at < end;) {
    const read = readVarint(bytes, at);
    values.push(read.value);
    at = read.next;
  }
  return values;
}
