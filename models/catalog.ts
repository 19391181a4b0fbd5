// The models Sightline can download. Every value here was read from the
// Hugging Face hub's pages for the pinned revision unless the entry lists it
// under `unverified`; models/README.md gives the source of each value, the
// SHA-256s read so far and what is still to be checked. `bytes` of a dtype is
// for display (a sum of the hub's rounded sizes and estimates). The trust root
// is `pins`: a hub listing that disagrees with a pinned SHA-256 (or size) is
// refused before a byte is downloaded; files without a pin are checked against
// the SHA-256 (LFS) or git blob id the hub's listing of the pinned revision gives.
import type { Catalog } from '../common/catalog-schema.js';

const MB = 1_000_000;

// The five files transformers.js reads besides the ONNX graphs (the engine's configFilesOf).
const configFiles = [
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
];

export const catalog: Catalog = {
  defaultModel: 'smolvlm-256m-instruct',
  models: [
    {
      id: 'smolvlm-256m-instruct',
      displayName: 'SmolVLM 256M Instruct',
      family: 'smolvlm',
      repo: 'HuggingFaceTB/SmolVLM-256M-Instruct',
      // "Add ONNX sample code": after "Wrap fp16 inputs for ONNX decoder (#3)" and the fixed vision weights (#2).
      revision: 'acc054744d60adea9d88214dab6e2219e6e512a7',
      license: 'apache-2.0',
      contextLength: 8192,
      goodFor: {
        en: 'First run and CPU-only machines: small download, quick answers about screenshots',
        fr: 'Premier lancement et machines sans GPU\u00a0: petit téléchargement, réponses rapides sur les captures d’écran',
      },
      dtypes: {
        fp16: {
          files: [
            ...configFiles,
            'onnx/vision_encoder_fp16.onnx',
            'onnx/embed_tokens_fp16.onnx',
            'onnx/decoder_model_merged_fp16.onnx',
          ],
          bytes: 518 * MB,
        },
        q8: {
          files: [
            ...configFiles,
            'onnx/vision_encoder_quantized.onnx',
            'onnx/embed_tokens_quantized.onnx',
            'onnx/decoder_model_merged_quantized.onnx',
          ],
          bytes: 264 * MB,
        },
        // The CPU download: onnxruntime's dynamic quantization with int8 weights throughout (the
        // vision encoder's patch convolution too). Unlike q8's `_quantized` files, every graph's
        // SHA-256 is read from a page that proves it for the pinned revision (pins below).
        int8: {
          files: [
            ...configFiles,
            'onnx/vision_encoder_int8.onnx',
            'onnx/embed_tokens_int8.onnx',
            'onnx/decoder_model_merged_int8.onnx',
          ],
          bytes: 264 * MB,
        },
        q4: {
          files: [
            ...configFiles,
            'onnx/vision_encoder_q4.onnx',
            'onnx/embed_tokens_q4.onnx',
            'onnx/decoder_model_merged_q4.onnx',
          ],
          bytes: 267 * MB,
        },
        q4f16: {
          files: [
            ...configFiles,
            'onnx/vision_encoder_q4f16.onnx',
            'onnx/embed_tokens_q4f16.onnx',
            'onnx/decoder_model_merged_q4f16.onnx',
          ],
          bytes: 193 * MB,
        },
      },
      recommended: { gpu: 'fp16', cpu: 'int8' },
      unverified: ['files', 'sizes', 'contextLength'],
      // The files whose SHA-256 a stored hub page proves for this revision (models/README.md says which
      // page and how): the three int8 graphs (file pages at the pinned commit, or one naming the same last
      // change as the pinned tree) and the fp16 decoder (its history at the pinned revision). Other
      // SHA-256s were read at other refs without that proof. No page gave exact bytes.
      pins: {
        'onnx/vision_encoder_int8.onnx': {
          sha256: 'd534ab668d3563e6d1d809bbbf1ff18308ded48651178614dbcc4a1de13d16f7',
        },
        'onnx/embed_tokens_int8.onnx': {
          sha256: '4b919b829fe2bf225e42431230c56891116f0149e5170e36c99bcc0cfae0d2ef',
        },
        'onnx/decoder_model_merged_int8.onnx': {
          sha256: '5580b6f2f49fa7c034cd67ba12196b11d5ab5162d7318baf48ead494e45944ca',
        },
        'onnx/decoder_model_merged_fp16.onnx': {
          sha256: '6bb75887b9f71b0f61cc1621dcc47c711f5b61fbf64a895500fe2e577f2929c2',
        },
      },
    },
    {
      id: 'smolvlm-500m-instruct',
      displayName: 'SmolVLM 500M Instruct',
      family: 'smolvlm',
      repo: 'HuggingFaceTB/SmolVLM-500M-Instruct',
      // "Update tokenizer_config.json": after "Wrap fp16 inputs for ONNX decoder (#3)".
      revision: 'c4ecf4fd225aee420531f1300962e44fae1974cf',
      license: 'apache-2.0',
      contextLength: 8192,
      goodFor: {
        en: 'Better answers than 256M on dense text and charts, still light enough for a laptop CPU',
        fr: 'De meilleures réponses que le 256M sur le texte dense et les graphiques, assez léger pour le processeur d’un portable',
      },
      dtypes: {
        fp16: {
          files: [
            ...configFiles,
            'onnx/vision_encoder_fp16.onnx',
            'onnx/embed_tokens_fp16.onnx',
            'onnx/decoder_model_merged_fp16.onnx',
          ],
          bytes: 1010 * MB,
        },
        q8: {
          files: [
            ...configFiles,
            'onnx/vision_encoder_quantized.onnx',
            'onnx/embed_tokens_quantized.onnx',
            'onnx/decoder_model_merged_quantized.onnx',
          ],
          bytes: 515 * MB,
        },
        q4: {
          files: [
            ...configFiles,
            'onnx/vision_encoder_q4.onnx',
            'onnx/embed_tokens_q4.onnx',
            'onnx/decoder_model_merged_q4.onnx',
          ],
          bytes: 487 * MB,
        },
        q4f16: {
          files: [
            ...configFiles,
            'onnx/vision_encoder_q4f16.onnx',
            'onnx/embed_tokens_q4f16.onnx',
            'onnx/decoder_model_merged_q4f16.onnx',
          ],
          bytes: 358 * MB,
        },
      },
      recommended: { gpu: 'fp16', cpu: 'q8' },
      unverified: ['files', 'sizes', 'contextLength'],
    },
    {
      id: 'qwen2-vl-2b-instruct',
      displayName: 'Qwen2-VL 2B Instruct',
      family: 'qwen2-vl',
      repo: 'onnx-community/Qwen2-VL-2B-Instruct',
      // "Update config.json": after "Upload fixed vision encoder (#3)".
      revision: '187b05efd51ca56b19489f085aa2d7c7fa5078fc',
      license: 'apache-2.0',
      contextLength: 32768,
      goodFor: {
        en: 'The strongest reader of small text and code in screenshots here; wants a GPU or patience',
        fr: 'Le meilleur lecteur de petit texte et de code dans les captures d’écran ici\u00a0; demande un GPU ou de la patience',
      },
      dtypes: {
        q8: {
          files: [
            ...configFiles,
            'onnx/vision_encoder_quantized.onnx',
            'onnx/embed_tokens_quantized.onnx',
            'onnx/decoder_model_merged_quantized.onnx',
          ],
          bytes: 2460 * MB,
        },
        q4: {
          files: [
            ...configFiles,
            'onnx/vision_encoder_q4.onnx',
            'onnx/embed_tokens_q4.onnx',
            'onnx/decoder_model_merged_q4.onnx',
          ],
          bytes: 2370 * MB,
        },
        q4f16: {
          files: [
            ...configFiles,
            'onnx/vision_encoder_q4f16.onnx',
            'onnx/embed_tokens_q4f16.onnx',
            'onnx/decoder_model_merged_q4f16.onnx',
          ],
          bytes: 1870 * MB,
        },
      },
      recommended: { gpu: 'q4f16', cpu: 'q8' },
      unverified: ['files', 'sizes', 'contextLength'],
    },
  ],
};
