// The files a model folder holds, per family, with the names transformers.js
// loads. The model catalog and the downloader use the same names, so what is
// downloaded is exactly what the engine opens.
import type { Dtype } from './engine-protocol.js';

export type ModelFamily = 'smolvlm' | 'qwen2-vl';

/** config.json `model_type` values and the family that runs them. */
export const familyOfModelType: Readonly<Record<string, ModelFamily>> = {
  idefics3: 'smolvlm',
  smolvlm: 'smolvlm',
  qwen2_vl: 'qwen2-vl',
};

/** The ONNX sessions each family runs: image encoder, token embedding and the decoder with its KV cache. */
export const onnxModulesOf: Readonly<Record<ModelFamily, readonly string[]>> = {
  smolvlm: ['vision_encoder', 'embed_tokens', 'decoder_model_merged'],
  'qwen2-vl': ['vision_encoder', 'embed_tokens', 'decoder_model_merged'],
};

export const configFilesOf: Readonly<Record<ModelFamily, readonly string[]>> = {
  smolvlm: [
    'config.json',
    'generation_config.json',
    'preprocessor_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
  ],
  'qwen2-vl': [
    'config.json',
    'generation_config.json',
    'preprocessor_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
  ],
};

/**
 * Files a model folder may carry that transformers.js reads when present:
 * newer repos keep the chat template in chat_template.json (or .jinja)
 * instead of tokenizer_config.json, and SmolVLM's processor settings (image
 * sequence length) live in processor_config.json. Downloaded when the repo has them.
 */
export const optionalConfigFiles: readonly string[] = [
  'processor_config.json',
  'chat_template.json',
  'chat_template.jinja',
  'special_tokens_map.json',
];

/** transformers.js's file-name suffix for each dtype. */
export const dtypeSuffix: Readonly<Record<Dtype, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  bnb4: '_bnb4',
  q4f16: '_q4f16',
};

export function onnxFileName(module: string, dtype: Dtype): string {
  return `onnx/${module}${dtypeSuffix[dtype]}.onnx`;
}

/** Every file a model folder needs for one dtype, relative to the folder. */
export function requiredFiles(family: ModelFamily, dtype: Dtype): string[] {
  return [...configFilesOf[family], ...onnxModulesOf[family].map((module) => onnxFileName(module, dtype))];
}
