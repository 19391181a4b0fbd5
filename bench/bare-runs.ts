// The baseline: transformers.js as its README shows it. from_pretrained,
// RawImage from the PNG, the processor, model.generate() (greedy), with a
// streamer that only notes when the first token arrives. Same model files,
// provider, dtype, onnxruntime threading and max_new_tokens as the engine.
import { AutoModelForImageTextToText, AutoProcessor, RawImage, type Tensor } from '@huggingface/transformers';
import type { Dtype, ExecutionProvider } from '../common/engine-protocol.js';
import { engineSessionOptions } from '../engine/session-options.js';
import type { TilingPlan } from '../engine/tiling-policy.js';
import type { Processor, VisionLanguageModel } from '../engine/transformers-surface.js';
import type { RunSample } from './results.js';
import { decodeRate } from './stats.js';

export interface BareModel {
  processor: Processor;
  model: VisionLanguageModel;
  /** The image processor's settings from its config, restored for 'default' runs. */
  defaults: { size: unknown; maxPixels: unknown; minPixels: unknown };
  loadMs: number;
}

/** The engine's plan applied to the processor, or the processor's own configuration. */
export type BareTiling = { kind: 'plan'; plan: TilingPlan } | { kind: 'default' };

export async function loadBare(dir: string, provider: ExecutionProvider, dtype: Dtype): Promise<BareModel> {
  const started = performance.now();
  const processor = (await AutoProcessor.from_pretrained(dir, { local_files_only: true })) as unknown as Processor;
  const model = (await AutoModelForImageTextToText.from_pretrained(dir, {
    device: provider,
    dtype,
    local_files_only: true,
    // The engine's threading, so engine/bare ratios measure the engine's own work.
    session_options: engineSessionOptions(3),
  })) as unknown as VisionLanguageModel;
  const image = processor.image_processor;
  const defaults = { size: structuredClone(image.size), maxPixels: image.max_pixels, minPixels: image.min_pixels };
  return { processor, model, defaults, loadMs: performance.now() - started };
}

/** Sets the processor up for a tiling; returns the options the processor call takes. */
function applyTiling(bare: BareModel, tiling: BareTiling): Record<string, unknown> {
  const image = bare.processor.image_processor;
  if (tiling.kind === 'default') {
    image.size = structuredClone(bare.defaults.size);
    image.max_pixels = bare.defaults.maxPixels;
    image.min_pixels = bare.defaults.minPixels;
    return {};
  }
  const plan = tiling.plan;
  if (plan.kind === 'tiles') {
    image.size = { longest_edge: plan.longestEdge };
    return { do_image_splitting: plan.split };
  }
  image.max_pixels = plan.maxPixels;
  image.min_pixels = plan.minPixels;
  return {};
}

export async function askBare(
  bare: BareModel,
  png: Uint8Array<ArrayBuffer>,
  question: string,
  tiling: BareTiling,
  maxNewTokens: number,
): Promise<RunSample> {
  const { processor, model } = bare;
  const started = performance.now();
  const image = await RawImage.fromBlob(new Blob([png]));
  const prompt = processor.apply_chat_template(
    [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: question }] }],
    { add_generation_prompt: true },
  );
  const inputs = await processor(prompt, image, applyTiling(bare, tiling));
  let firstTokenAt: number | undefined;
  let puts = 0;
  const streamer = {
    // The first put is the prompt; the second is the first generated token.
    put: () => {
      puts += 1;
      if (puts === 2) firstTokenAt = performance.now();
    },
    end: () => undefined,
  };
  const output = (await model.generate({
    ...inputs,
    max_new_tokens: maxNewTokens,
    do_sample: false,
    streamer,
  })) as Tensor;
  const wallMs = performance.now() - started;
  const promptIds = ((inputs.input_ids as Tensor).tolist() as bigint[][])[0] ?? [];
  const imageTokenId = BigInt((model.config.image_token_id ?? model.config.image_token_index) as number);
  const completionTokens = (output.dims[1] ?? 0) - promptIds.length;
  const timeToFirstTokenMs = (firstTokenAt ?? performance.now()) - started;
  return {
    wallMs,
    timeToFirstTokenMs,
    completionTokens,
    decodeTokensPerSecond: decodeRate(completionTokens, timeToFirstTokenMs, wallMs),
    promptTokens: promptIds.length,
    imageTokens: promptIds.filter((id) => id === imageTokenId).length,
  };
}
