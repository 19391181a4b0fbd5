// The dtype users run is the dtype tested: the tiny models' q8, int8, q4, fp16
// and q4f16 files are the real exports' formats (test/fixtures/tiny-model-dtypes),
// and here each one runs end to end through the engine and is compared with
// fp32 on the fixture image.
//
// The comparison is a bound on the logit difference, not "the same first
// tokens": with random weights the gap between the best and the second-best
// token is often below 0.1 logit (the logits' spread is about 3-5), smaller
// than the noise 8-bit, let alone 4-bit, weights add, so a correct q4 file
// legitimately picks other tokens, and greedy decoding then diverges for
// good. The logits are compared teacher-forced: every dtype reads the same
// tokens (the prompt and the fp32 answer), so one early difference does not
// compound. The bound catches a broken file (a wrong layout gives a relative
// error above 1); the exact per-weight check is in tiny-model-dtypes.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AutoModelForImageTextToText, AutoProcessor, RawImage, Tensor, env } from '@huggingface/transformers';
import type { Dtype } from '../../common/engine-protocol.js';
import { tinyModelDir } from '../fixtures/tiny-model/index.js';
import { startEngine } from '../support/engine-harness.js';
import { testPng } from '../support/images.js';

env.allowRemoteModels = false;

const ANSWER_TOKENS = 12;

/**
 * Relative RMS logit difference from fp32 (over the tokens the model may
 * emit), teacher-forced over the answer: [floor, bound]. Measured on an AVX2
 * CPU: fp16 0.003; q8 0.11 (smolvlm) and 0.21 (qwen2-vl); int8 0.12 and 0.21; q4 and
 * q4f16 0.53.
 * The floor proves the file is not fp32 in disguise.
 */
const BOUNDS: Record<'fp16' | 'q8' | 'int8' | 'q4' | 'q4f16', [number, number]> = {
  fp16: [1e-4, 0.02],
  q8: [0.01, 0.35],
  int8: [0.01, 0.35],
  q4: [0.05, 0.75],
  q4f16: [0.05, 0.75],
};

interface Loaded {
  forward(inputs: Record<string, Tensor>): Promise<{ logits: Tensor }>;
  generate(args: Record<string, unknown>): Promise<Tensor>;
  dispose(): Promise<unknown>;
}

for (const family of ['smolvlm', 'qwen2-vl'] as const) {
  test(`${family}: the engine picks int8 on the CPU, and every dtype answers end to end`, async () => {
    const modelDir = await tinyModelDir(family);
    const image = { kind: 'bytes' as const, bytes: await testPng(300, 120) };
    const byDefault = await startEngine().load({ modelDir, device: 'cpu' });
    assert.equal(byDefault.dtype, 'int8', 'the CPU default is a dtype this file tests');
    for (const dtype of ['fp32', 'q8', 'int8', 'q4', 'fp16', 'q4f16'] as const satisfies readonly Dtype[]) {
      const engine = startEngine();
      const status = await engine.load({ modelDir, device: 'cpu', dtype });
      assert.equal(status.dtype, dtype);
      const answer = await engine.ask({
        conversationId: dtype,
        image,
        turns: [{ role: 'user', text: 'What is this?' }],
        settings: { maxNewTokens: ANSWER_TOKENS },
      });
      assert.ok(answer.end.type === 'done', `${dtype}: ${JSON.stringify(answer.end)}`);
      assert.equal(answer.end.reason, 'length');
      assert.equal(answer.end.usage?.completionTokens, ANSWER_TOKENS);
      assert.match(answer.text, /^[\x20-\x7e]+$/, `${dtype}: printable text`);
    }
  });

  test(`${family}: each dtype's logits are within its bound of fp32, teacher-forced on the fp32 answer`, async (t) => {
    const dir = await tinyModelDir(family);
    const processor = (await AutoProcessor.from_pretrained(dir)) as unknown as {
      (text: string, image: RawImage): Promise<Record<string, Tensor>>;
      apply_chat_template(messages: unknown[], options: { add_generation_prompt: boolean }): string;
    };
    const prompt = processor.apply_chat_template(
      [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'What is this?' }] }],
      { add_generation_prompt: true },
    );
    const inputs = await processor(prompt, await RawImage.fromBlob(new Blob([await testPng(300, 120)])));
    const promptLength = inputs.input_ids?.dims[1] as number;
    const load = async (dtype: Dtype) =>
      (await AutoModelForImageTextToText.from_pretrained(dir, { device: 'cpu', dtype })) as unknown as Loaded;

    const fp32 = await load('fp32');
    const answer = (
      await fp32.generate({ ...inputs, max_new_tokens: ANSWER_TOKENS, do_sample: false })
    ).tolist() as bigint[][];
    const sequence = answer[0] as bigint[];
    const forced = {
      ...inputs,
      input_ids: new Tensor('int64', BigInt64Array.from(sequence), [1, sequence.length]),
      attention_mask: new Tensor('int64', new BigInt64Array(sequence.length).fill(1n), [1, sequence.length]),
    };
    // The logits that predict each answer token.
    const answerLogits = async (m: Loaded): Promise<Float32Array> => {
      const { logits } = await m.forward(forced);
      const vocab = logits.dims[2] as number;
      const data = logits.to('float32').data as Float32Array;
      return data.slice((promptLength - 1) * vocab, (promptLength - 1 + ANSWER_TOKENS) * vocab);
    };
    const reference = await answerLogits(fp32);
    await fp32.dispose();
    // Tokens the model may emit (the tiny models bias the others by -1000).
    const allowed = reference.map((v) => (v > -500 ? 1 : 0));
    let mean = 0;
    let count = 0;
    reference.forEach((v, i) => {
      if (allowed[i]) {
        mean += v;
        count += 1;
      }
    });
    mean /= count;
    let variance = 0;
    reference.forEach((v, i) => {
      if (allowed[i]) variance += (v - mean) ** 2;
    });

    for (const [dtype, [floor, bound]] of Object.entries(BOUNDS) as [Dtype, [number, number]][]) {
      const model = await load(dtype);
      const logits = await answerLogits(model);
      await model.dispose();
      let squared = 0;
      logits.forEach((v, i) => {
        if (allowed[i]) squared += (v - (reference[i] as number)) ** 2;
      });
      const relative = Math.sqrt(squared / variance);
      t.diagnostic(`${dtype}: relative logit difference ${relative.toFixed(4)}`);
      assert.ok(relative <= bound, `${family} ${dtype}: relative logit difference ${relative.toFixed(4)} > ${bound}`);
      assert.ok(
        relative >= floor,
        `${family} ${dtype}: ${relative.toExponential(2)} < ${floor}: is the file quantized?`,
      );
    }
  });
}
