// Graphs too large for one protobuf keep their weights in an `.onnx_data`
// file beside them, as Qwen2-VL-2B's exports do, and its pinned revision's
// config.json has no `use_external_data_format` entry. In Node transformers.js
// hands onnxruntime the graph's path, and onnxruntime reads the weights from
// the file the graph names, so such a folder must load and answer exactly as
// the same model with its weights inside the graphs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';
import { decodeModel, encodeModel } from '../fixtures/quantized-weights.js';
import { startEngine } from '../support/engine-harness.js';
import { testPng } from '../support/images.js';

const { onnx } = onnxProto;

/** Moves every initializer's bytes of `graphPath` into `<graph>_data`, as the exporter writes large graphs. */
async function toExternalData(graphPath: string): Promise<number> {
  const model = decodeModel(await readFile(graphPath));
  const dataName = `${path.basename(graphPath)}_data`;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const tensor of model.graph?.initializer ?? []) {
    const raw = tensor.rawData;
    if (!raw || raw.byteLength < 64) continue;
    tensor.externalData = [
      { key: 'location', value: dataName },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(raw.byteLength) },
    ];
    tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    tensor.rawData = new Uint8Array(0);
    chunks.push(raw);
    offset += raw.byteLength;
  }
  await writeFile(path.join(path.dirname(graphPath), dataName), Buffer.concat(chunks));
  await writeFile(graphPath, encodeModel(model));
  return offset;
}

for (const family of ['smolvlm', 'qwen2-vl'] as const) {
  test(`${family}: a model whose graphs keep their weights in .onnx_data files loads and answers as the same model in one file`, async (t) => {
    const source = await tinyModelDir(family);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-external-data-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await cp(source, dir, { recursive: true });
    for (const module of ['vision_encoder', 'embed_tokens', 'decoder_model_merged']) {
      const graph = path.join(dir, 'onnx', `${module}.onnx`);
      const before = (await stat(graph)).size;
      const moved = await toExternalData(graph);
      assert.ok(moved > 0 && (await stat(graph)).size < before - moved / 2, `${module}: the weights left the graph`);
    }

    const ask = async (modelDir: string) => {
      const engine = startEngine();
      const status = await engine.load({ modelDir, device: 'cpu', dtype: 'fp32' });
      assert.equal(status.dtype, 'fp32');
      return engine.ask({
        conversationId: 'external-data',
        image: { kind: 'bytes', bytes: await testPng(300, 120) },
        turns: [{ role: 'user', text: 'What is this?' }],
        settings: { maxNewTokens: 8 },
      });
    };
    const inOneFile = await ask(source);
    const external = await ask(dir);
    assert.ok(external.end.type === 'done', JSON.stringify(external.end));
    assert.equal(external.text, inOneFile.text);
  });
}
