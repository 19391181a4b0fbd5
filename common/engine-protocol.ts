// Messages between the engine host (main side) and the engine process. Both
// ends parse what they receive with these schemas: a process boundary is a
// trust boundary, and a malformed message must fail loudly, not half-work.
//
// Control messages travel on the engine's one link to its host. Each answer
// gets its own request channel (a MessagePort in Electron, a multiplexed
// virtual channel over Node IPC elsewhere): the request goes in on it, and
// the answer's events come back on it to the host, which saves them as they
// arrive and relays them to the page on the answer's own port (about 44 µs
// of the host's time per token, under 2% of a decode step).
import * as z from 'zod/mini';
import './schema.js';
import { PixelRect } from './pixel-rect.js';
import { CaptureText } from './capture-text.js';
import { maxRedactionBoxes, RedactionBox } from './redaction.js';

export const DeviceSetting = z.enum(['auto', 'gpu', 'cpu']);
export type DeviceSetting = z.infer<typeof DeviceSetting>;

/** onnxruntime execution providers the engine knows how to try. */
export const ExecutionProvider = z.enum(['cuda', 'dml', 'coreml', 'webgpu', 'cpu']);
export type ExecutionProvider = z.infer<typeof ExecutionProvider>;

export const Dtype = z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16']);
export type Dtype = z.infer<typeof Dtype>;

/**
 * Why the engine passed over a provider before the one it runs on: a code
 * (per provider where the cause is the provider's own) that a page words in
 * its language, and a CLI in English (common/device-choice.ts).
 */
export const DeviceSkipCode = z.enum([
  /** CUDA runs only on x64 Linux. */
  'cuda-not-x64',
  /** onnxruntime's CUDA provider is not installed. */
  'cuda-libraries-missing',
  /** onnxruntime's CUDA provider, or the CUDA 12 and cuDNN 9 libraries it links, could not be loaded. */
  'cuda-libraries-unloadable',
  /** The CUDA 12 and cuDNN 9 libraries, or the NVIDIA driver, were not found. */
  'cuda-runtime-missing',
  /** No usable GPU adapter for WebGPU. */
  'webgpu-unavailable',
  /** No DirectX 12 GPU for DirectML. */
  'directml-unavailable',
  /** The model has no files in the dtype asked for. */
  'dtype-missing',
  /** The provider failed to start for another reason (its words are the detail). */
  'provider-failed',
]);
export type DeviceSkipCode = z.infer<typeof DeviceSkipCode>;

export const PassedOverProvider = z.object({
  provider: ExecutionProvider,
  code: DeviceSkipCode,
  /** The engine's or onnxruntime's own words (English): a technical detail, never the headline. */
  detail: z.optional(z.string()),
});
export type PassedOverProvider = z.infer<typeof PassedOverProvider>;

/** The engine runs on another provider than the first it tried: what was asked, and why each before it was passed over. */
export const DeviceFallback = z.object({
  /** The device setting the model was loaded with. */
  requested: DeviceSetting,
  /** A provider named on its own (the CLI's --provider): it, not `requested`, is the choice. */
  requestedProvider: z.optional(ExecutionProvider),
  passedOver: z.array(PassedOverProvider),
});
export type DeviceFallback = z.infer<typeof DeviceFallback>;

export const LoadModel = z.object({
  type: z.literal('load'),
  /** Folder holding config.json, the tokenizer and processor files, and onnx/. */
  modelDir: z.string().check(z.minLength(1)),
  device: DeviceSetting,
  provider: z.optional(ExecutionProvider),
  dtype: z.optional(Dtype),
});
export type LoadModel = z.infer<typeof LoadModel>;

export const GenerationSettings = z.object({
  maxNewTokens: z.number().check(z.int(), z.minimum(1), z.maximum(8192)),
  /** 0 = greedy. */
  temperature: z.number().check(z.minimum(0), z.maximum(5)),
  topP: z.number().check(z.gt(0), z.maximum(1)),
  repetitionPenalty: z.number().check(z.minimum(1), z.maximum(5)),
});
export type GenerationSettings = z.infer<typeof GenerationSettings>;

export const defaultGenerationSettings: GenerationSettings = {
  maxNewTokens: 512,
  temperature: 0,
  topP: 1,
  repetitionPenalty: 1,
};

export const ImageSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().check(z.minLength(1)) }),
  z.object({ kind: z.literal('bytes'), bytes: z.instanceof(Uint8Array) }),
]);
export type ImageSource = z.infer<typeof ImageSource>;

export const Turn = z.object({ role: z.enum(['user', 'assistant']), text: z.string() });
export type Turn = z.infer<typeof Turn>;

/**
 * One answer: the whole conversation so far (the capture belongs to the user
 * turn `imageTurn`, the first by default) ending with the user's newest question. The host always sends
 * the whole conversation, so an engine restarted after a crash loses nothing;
 * the engine reuses its key/value cache for whatever prefix it has seen.
 */
export const GenerateRequest = z.object({
  type: z.literal('generate'),
  conversationId: z.string().check(z.minLength(1)),
  image: ImageSource,
  turns: z.array(Turn).check(z.minLength(1)),
  /**
   * The index in `turns` of the user turn the image goes with (default 0): a conversation's later
   * capture comes with the first question about it, and the turns before it are text only.
   */
  imageTurn: z.optional(z.number().check(z.int(), z.nonnegative())),
  settings: GenerationSettings,
});
export type GenerateRequest = z.infer<typeof GenerateRequest>;
/** One answer asked of whatever answers (the engine host, a model server): a generate request without its wire tag. */
export type AnswerRequest = Omit<GenerateRequest, 'type'>;

export const HostToEngine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello') }),
  LoadModel,
  z.object({ type: z.literal('unload') }),
]);
export type HostToEngine = z.infer<typeof HostToEngine>;

/** Cut a region out of a display capture (sharp runs in the engine, never in main). */
export const CropRequest = z.object({
  type: z.literal('crop'),
  capture: z.instanceof(Uint8Array),
  rect: PixelRect,
});
export type CropRequest = z.infer<typeof CropRequest>;

/**
 * Scale an image down so its longer side is at most maxSide and encode it for
 * a remote model server: PNG, or JPEG where the user allows it and it is
 * smaller. Never scaled up. (sharp runs in the engine, never in main.)
 */
export const ResizeRequest = z.object({
  type: z.literal('resize'),
  image: z.instanceof(Uint8Array),
  maxSide: z.number().check(z.int(), z.minimum(16), z.maximum(16_384)),
  allowJpeg: z.boolean(),
});
export type ResizeRequest = z.infer<typeof ResizeRequest>;

/**
 * The capture with each box filled opaque (the image that leaves once
 * secrets are hidden: host/chat/redactions.ts), as a lossless PNG at its full
 * resolution. (sharp runs in the engine, never in main.)
 */
export const FillBoxesRequest = z.object({
  type: z.literal('fill-boxes'),
  image: z.instanceof(Uint8Array),
  boxes: z.array(RedactionBox).check(z.maxLength(maxRedactionBoxes)),
});
export type FillBoxesRequest = z.infer<typeof FillBoxesRequest>;

/** Reads the text of a capture with the text layer (engine/text/); the reply is a ReadTextReply. */
export const ReadTextRequest = z.object({
  type: z.literal('read-text'),
  image: ImageSource,
  /** Read as English or French; auto (the default): French when the words read as French. */
  lang: z.optional(z.enum(['en', 'fr', 'auto'])),
});
export type ReadTextRequest = z.infer<typeof ReadTextRequest>;

/**
 * Encodes a capture's image for the conversation's first question before it
 * is asked (the vision encoder and the image's part of the prefill), kept in
 * the engine's conversation cache; the reply is a PrepareImageReply. Closing
 * the channel before it starts cancels it.
 */
export const PrepareImageRequest = z.object({
  type: z.literal('prepare-image'),
  conversationId: z.string().check(z.minLength(1)),
  image: ImageSource,
});
export type PrepareImageRequest = z.infer<typeof PrepareImageRequest>;

/** On a request channel, host to engine. */
export const RequestToEngine = z.discriminatedUnion('type', [
  GenerateRequest,
  CropRequest,
  ResizeRequest,
  FillBoxesRequest,
  ReadTextRequest,
  PrepareImageRequest,
  z.object({ type: z.literal('stop') }),
]);
export type RequestToEngine = z.infer<typeof RequestToEngine>;

export const EngineRuntime = z.object({
  node: z.string(),
  onnxruntime: z.string(),
  platform: z.string(),
  arch: z.string(),
  /** Whether onnxruntime has a build for this platform here (common/local-engine.ts): local models run only then. */
  localModels: z.optional(z.enum(['available', 'no-build'])),
});
export type EngineRuntime = z.infer<typeof EngineRuntime>;

export const ModelStatus = z.object({
  modelDir: z.string(),
  family: z.enum(['smolvlm', 'qwen2-vl']),
  provider: ExecutionProvider,
  dtype: Dtype,
  /** Set when the engine fell back from the provider(s) it tried first. */
  fallback: z.optional(DeviceFallback),
  loadMs: z.number(),
});
export type ModelStatus = z.infer<typeof ModelStatus>;

export const EngineErrorCode = z.enum([
  'model-missing',
  'model-corrupt',
  'model-unsupported',
  'no-model',
  'bad-image',
  'prompt-too-long',
  'bad-request',
  'engine-crashed',
  'internal',
  /** onnxruntime cannot load on this machine (an Intel Mac, a broken install): local models cannot run; model servers can. */
  'local-engine-unavailable',
  // Remote backends (host/model-servers): a model server reached over HTTP.
  /** Nothing answers at the base URL: refused, unknown host, TLS failure. */
  'remote-unreachable',
  /** HTTP 401/403: a missing or rejected API key. */
  'remote-refused',
  /** The server does not have the model named in Settings. */
  'remote-model-missing',
  /** The model does not accept images. */
  'remote-no-vision',
  /** Any other HTTP error; the message carries the server's own. */
  'remote-error',
  /** No answer, or the stream went silent, for longer than the backend's timeout. */
  'remote-timeout',
  /** The stream was cut in the middle or held lines that are not the protocol. */
  'remote-bad-stream',
  /** The API key could not be read back from the system's secret storage. */
  'remote-key-unavailable',
]);
export type EngineErrorCode = z.infer<typeof EngineErrorCode>;

export const EngineError = z.object({ code: EngineErrorCode, message: z.string() });
export type EngineError = z.infer<typeof EngineError>;

export const EngineToHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), runtime: EngineRuntime }),
  z.object({ type: z.literal('loading'), modelDir: z.string(), attempt: z.string() }),
  z.object({ type: z.literal('loaded'), model: ModelStatus }),
  z.object({ type: z.literal('load-failed'), modelDir: z.string(), error: EngineError }),
  z.object({ type: z.literal('unloaded') }),
  z.object({ type: z.literal('protocol-error'), message: z.string() }),
]);
export type EngineToHost = z.infer<typeof EngineToHost>;

/** 'waiting-model': no model is set up yet (first run, a download under way); the question is kept until one is loaded. */
export const GenerationPhase = z.enum(['waiting-model', 'queued', 'encoding', 'prefill', 'decoding']);
export type GenerationPhase = z.infer<typeof GenerationPhase>;

export const Usage = z.object({
  promptTokens: z.number(),
  imageTokens: z.number(),
  /** Prompt tokens served from the key/value cache of earlier turns. */
  cachedTokens: z.number(),
  completionTokens: z.number(),
  timeToFirstTokenMs: z.number(),
  totalMs: z.number(),
});
export type Usage = z.infer<typeof Usage>;

/** The engine's reply to a ReadTextRequest. */
export const ReadTextReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text-read'), text: CaptureText }),
  z.object({ type: z.literal('error'), error: EngineError }),
]);
export type ReadTextReply = z.infer<typeof ReadTextReply>;

/** The engine's reply to a PrepareImageRequest: the prompt tokens now cached (the image's among them). */
export const PrepareImageReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('image-prepared'), cachedTokens: z.number(), imageTokens: z.number(), ms: z.number() }),
  z.object({ type: z.literal('error'), error: EngineError }),
]);
export type PrepareImageReply = z.infer<typeof PrepareImageReply>;

/** The engine's reply to a CropRequest. */
export const CropReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('cropped'), png: z.instanceof(Uint8Array), width: z.number(), height: z.number() }),
  z.object({ type: z.literal('error'), error: EngineError }),
]);
export type CropReply = z.infer<typeof CropReply>;

/** The engine's reply to a FillBoxesRequest. */
export const FillBoxesReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('filled'), png: z.instanceof(Uint8Array) }),
  z.object({ type: z.literal('error'), error: EngineError }),
]);
export type FillBoxesReply = z.infer<typeof FillBoxesReply>;

/** The engine's reply to a ResizeRequest. */
export const ResizeReply = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('resized'),
    bytes: z.instanceof(Uint8Array),
    mime: z.enum(['image/png', 'image/jpeg']),
    width: z.number(),
    height: z.number(),
  }),
  z.object({ type: z.literal('error'), error: EngineError }),
]);
export type ResizeReply = z.infer<typeof ResizeReply>;

/** On a request channel, engine (or host, for a crash) to the answer's reader. */
export const AnswerEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('phase'), phase: GenerationPhase }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  z.object({ type: z.literal('done'), reason: z.enum(['eos', 'length', 'stopped']), usage: z.optional(Usage) }),
  z.object({ type: z.literal('error'), error: EngineError }),
]);
export type AnswerEvent = z.infer<typeof AnswerEvent>;
