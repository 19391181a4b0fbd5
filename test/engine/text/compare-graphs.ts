// Two ONNX graphs run on the same input: how far apart their outputs lie.
// The text layer's graph rewrites promise the same function as the graph
// they rewrite; their tests hold them to it with this.
import * as ort from 'onnxruntime-node';

const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, logSeverityLevel: 3 };

/** A fixed pseudo-random input in [-1, 1), the same for both graphs. */
export function pseudoRandomInput(dims: readonly number[]): ort.Tensor {
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  let seed = 7;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    data[i] = (seed / 2 ** 31) * 2 - 1;
  }
  return new ort.Tensor('float32', data, [...dims]);
}

/** The largest absolute difference between the two graphs' first outputs on `dims`-shaped input. */
export async function worstDifference(before: Uint8Array, after: Uint8Array, dims: readonly number[]): Promise<number> {
  const [a, b] = await Promise.all([
    ort.InferenceSession.create(before, options),
    ort.InferenceSession.create(after, options),
  ]);
  const feeds = { [a.inputNames[0]!]: pseudoRandomInput(dims) };
  const [outA, outB] = await Promise.all([a.run(feeds), b.run(feeds)]);
  const expected = outA[a.outputNames[0]!]!.data as Float32Array;
  const actual = outB[b.outputNames[0]!]!.data as Float32Array;
  await Promise.all([a.release(), b.release()]);
  if (actual.length !== expected.length) throw new Error(`${actual.length} outputs against ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  return worst;
}
