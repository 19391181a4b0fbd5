// The few pieces of protobuf's wire format that the text layer's graph
// rewrites need (onnx-graph.ts, graph-editor.ts): reading a
// message's fields where they lie, and writing the fields a rewrite replaces.
// Everything a rewrite does not touch is copied byte for byte. Node only.

/** One protobuf field of a message: its number, wire type, and where its bytes lie. */
export interface Field {
  field: number;
  wire: number;
  /** The whole field, tag included. */
  start: number;
  end: number;
  /** A length-delimited field's payload, or a varint's value. */
  valueStart: number;
  valueEnd: number;
  varint: number;
}

export function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  let i = at;
  for (;;) {
    const byte = bytes[i++];
    if (byte === undefined) throw new Error('The model ends inside a number.');
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: i };
    scale *= 128;
  }
}

export function fieldsOf(bytes: Uint8Array, start = 0, end = bytes.length): Field[] {
  const fields: Field[] = [];
  let i = start;
  while (i < end) {
    const fieldStart = i;
    const tag = readVarint(bytes, i);
    i = tag.next;
    const wire = tag.value % 8;
    const field = Math.floor(tag.value / 8);
    let valueStart = i;
    let valueEnd = i;
    let varint = 0;
    if (wire === 0) {
      const read = readVarint(bytes, i);
      varint = read.value;
      i = read.next;
    } else if (wire === 2) {
      const length = readVarint(bytes, i);
      valueStart = length.next;
      valueEnd = length.next + length.value;
      i = valueEnd;
    } else if (wire === 5) i += 4;
    else if (wire === 1) i += 8;
    else throw new Error(`The model holds an unknown protobuf wire type ${wire}.`);
    if (i > end) throw new Error('The model ends inside a field.');
    fields.push({ field, wire, start: fieldStart, end: i, valueStart, valueEnd, varint });
  }
  return fields;
}

export function writeVarint(value: number, out: number[]): void {
  let rest = value;
  while (rest >= 128) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}

/**
 * A message as the pieces of bytes that make it up, in order. A field is
 * nested by putting its head before its pieces, not by copying them, and a
 * model is joined once, at the end (concat): a weight tensor that a rewrite
 * changes is copied once, not once per level it is nested in.
 */
export type Pieces = Uint8Array[];

export function piecesLength(pieces: readonly Uint8Array[]): number {
  return pieces.reduce((sum, piece) => sum + piece.length, 0);
}

export function lengthDelimited(field: number, payload: Pieces): Pieces {
  const head: number[] = [];
  writeVarint(field * 8 + 2, head);
  writeVarint(piecesLength(payload), head);
  return [Uint8Array.from(head), ...payload];
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(piecesLength(parts));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A varint field (tag and value). */
export function varintField(field: number, value: number): Uint8Array {
  const out: number[] = [];
  writeVarint(field * 8, out);
  writeVarint(value, out);
  return Uint8Array.from(out);
}
