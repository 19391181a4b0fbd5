// The engine's message handling: control messages (hello, load, unload) on the
// host link, and one request per request channel: an answer, a capture
// prepared for its first question, or an image job (crop, resize, read-text).
// Answers and preparations run one at a time, in order — a model uses every
// core it gets — and a stop interrupts between two decode steps; during image
// encoding or prefill the host kills the process instead. Image jobs do not
// wait for answers: their ONNX and sharp work interleaves with the decode steps.
import {
  AnswerEvent,
  CropReply,
  type CropRequest,
  FillBoxesReply,
  type FillBoxesRequest,
  ResizeReply,
  type ResizeRequest,
  ReadTextReply,
  type ReadTextRequest,
  PrepareImageReply,
  EngineToHost,
  HostToEngine,
  RequestToEngine,
  type GenerateRequest,
  type LoadModel,
} from '../common/engine-protocol.js';
import { describeIssues } from '../common/schema.js';
import { cropToPng } from './crop.js';
import { fillBoxes } from './fill-boxes.js';
import { resizeForUpload } from './resize.js';
import { CaptureTextReader } from './read-text.js';
import type { Platform } from '../common/device-choice.js';
import { CodedError, toEngineError } from '../common/coded-error.js';
import { loadModel, type Loaded } from './model-loader.js';
import type { NativeLogging } from '../common/native-logging.js';
import { runtimeInfo } from './runtime-info.js';
import type { HostLink, RequestChannel } from './transport.js';
import type { CacheMode } from './vlm.js';
import { AnswerStop } from './answer-stop.js';
import { loadTransformers } from './native-runtime.js';

/** How an error that is not a CodedError reaches the user: "The engine failed: …". */
const engineFailed = 'The engine failed';

export interface EngineServiceOptions {
  platform: Platform;
  /** For the benchmark and the cache test: 'recompute' ignores cached key/values. */
  cacheMode?: CacheMode;
  /** How much onnxruntime logs (to the engine's stderr, which its launcher routes); 'quiet' by default. */
  nativeLogging?: NativeLogging;
}

export class EngineService {
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded | undefined> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly textReader = new CaptureTextReader();

  constructor(
    private readonly link: HostLink,
    private readonly options: EngineServiceOptions,
  ) {
    link.onMessage((message) => void this.onControl(message));
    link.onRequest((channel) => this.onRequest(channel));
  }

  private send(message: EngineToHost): void {
    this.link.send(EngineToHost.parse(message));
  }

  private async onControl(raw: unknown): Promise<void> {
    const parsed = HostToEngine.safeParse(raw);
    if (!parsed.success) {
      this.send({ type: 'protocol-error', message: `Malformed message from host: ${describeIssues(parsed.error)}` });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'hello':
        this.send({ type: 'ready', runtime: runtimeInfo() });
        // The model runtime loads now, after the reply, so that the first
        // model load does not wait for it; where it cannot load, only what
        // needs it fails, when asked (native-runtime.ts).
        void loadTransformers().catch(() => undefined);
        break;
      case 'load':
        await this.load(message);
        break;
      case 'unload':
        await this.unload();
        this.send({ type: 'unloaded' });
        break;
    }
  }

  private async load(request: LoadModel): Promise<void> {
    const previous = this.loading;
    const loading = (async () => {
      await previous?.catch(() => undefined);
      await this.unload();
      try {
        const loaded = await loadModel(
          request,
          this.options.platform,
          (attempt) => this.send({ type: 'loading', modelDir: request.modelDir, attempt }),
          this.options.nativeLogging,
        );
        this.loaded = loaded;
        this.send({ type: 'loaded', model: loaded.status });
        return loaded;
      } catch (error) {
        this.send({ type: 'load-failed', modelDir: request.modelDir, error: toEngineError(error, engineFailed) });
        return undefined;
      }
    })();
    this.loading = loading;
    await loading;
  }

  private async unload(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    await loaded?.vlm.dispose();
  }

  private onRequest(channel: RequestChannel): void {
    const stop = new AnswerStop();
    let started = false;
    let finished = false;
    const post = (event: AnswerEvent) => {
      if (!finished) channel.post(AnswerEvent.parse(event));
    };
    const finish = (event: AnswerEvent) => {
      post(event);
      finished = true;
      channel.close();
    };
    channel.onClose(() => {
      // The host closed it: an answer stops, and work not started never starts.
      stop.interrupt();
      finished = true;
    });
    channel.onMessage((raw) => {
      const parsed = RequestToEngine.safeParse(raw);
      if (!parsed.success) {
        finish({
          type: 'error',
          error: { code: 'bad-request', message: `Malformed request: ${describeIssues(parsed.error)}` },
        });
        return;
      }
      if (parsed.data.type === 'crop') {
        // Not queued behind an answer: a crop takes milliseconds, and the
        // user is waiting for the chat window to show it.
        void this.crop(parsed.data, channel);
        return;
      }
      if (parsed.data.type === 'fill-boxes') {
        // Not queued either: the user waits on it to send a question.
        void this.fillBoxes(parsed.data, channel);
        return;
      }
      if (parsed.data.type === 'resize') {
        // Not queued either: it prepares a capture for a remote server.
        void this.resize(parsed.data, channel);
        return;
      }
      if (parsed.data.type === 'read-text') {
        // Not queued either: the text layer reads one capture at a time on
        // its own, and an answer asked meanwhile is served between its runs.
        void this.readText(parsed.data, channel);
        return;
      }
      if (parsed.data.type === 'prepare-image') {
        // Queued with the answers: it is the first part of one, and a question
        // asked meanwhile waits for it and starts from its cache.
        const request = parsed.data;
        this.queue = this.queue.then(async () => {
          if (finished) return;
          started = true;
          let reply: PrepareImageReply;
          try {
            const loaded = await this.loadedModel();
            reply = { type: 'image-prepared', ...(await loaded.vlm.prepare(request.conversationId, request.image)) };
          } catch (error) {
            reply = { type: 'error', error: toEngineError(error, engineFailed) };
          }
          if (!finished) channel.post(PrepareImageReply.parse(reply));
          finished = true;
          channel.close();
        });
        return;
      }
      if (parsed.data.type === 'stop') {
        stop.interrupt();
        // Still waiting for its turn: end it here, it never starts.
        if (!started) finish({ type: 'done', reason: 'stopped' });
        return;
      }
      const request = parsed.data;
      post({ type: 'phase', phase: 'queued' });
      this.queue = this.queue.then(async () => {
        if (finished) return;
        started = true;
        try {
          const result = await this.answer(request, stop, post);
          finish({ type: 'done', reason: result.reason, usage: result.usage });
        } catch (error) {
          finish({ type: 'error', error: toEngineError(error, engineFailed) });
        }
      });
    });
  }

  private async crop(request: CropRequest, channel: RequestChannel): Promise<void> {
    let reply: CropReply;
    try {
      const png = await cropToPng(request.capture, request.rect);
      reply = { type: 'cropped', png, width: request.rect.width, height: request.rect.height };
    } catch (error) {
      reply = { type: 'error', error: toEngineError(error, engineFailed) };
    }
    channel.post(CropReply.parse(reply));
    channel.close();
  }

  private async fillBoxes(request: FillBoxesRequest, channel: RequestChannel): Promise<void> {
    let reply: FillBoxesReply;
    try {
      reply = { type: 'filled', png: await fillBoxes(request.image, request.boxes) };
    } catch (error) {
      reply = { type: 'error', error: toEngineError(error, engineFailed) };
    }
    channel.post(FillBoxesReply.parse(reply));
    channel.close();
  }

  private async resize(request: ResizeRequest, channel: RequestChannel): Promise<void> {
    let reply: ResizeReply;
    try {
      reply = { type: 'resized', ...(await resizeForUpload(request.image, request.maxSide, request.allowJpeg)) };
    } catch (error) {
      reply = { type: 'error', error: toEngineError(error, engineFailed) };
    }
    channel.post(ResizeReply.parse(reply));
    channel.close();
  }

  private async readText(request: ReadTextRequest, channel: RequestChannel): Promise<void> {
    let reply: ReadTextReply;
    try {
      reply = ReadTextReply.parse({ type: 'text-read', text: await this.textReader.read(request.image, request.lang) });
    } catch (error) {
      reply = { type: 'error', error: toEngineError(error, engineFailed) };
    }
    channel.post(reply);
    channel.close();
  }

  /** Releases what the engine holds (the text layer's models, the VLM) when it shuts down. */
  async dispose(): Promise<void> {
    await Promise.all([this.textReader.dispose(), this.unload()]);
  }

  /** The model, once a load under way has ended; 'no-model' when there is none. */
  private async loadedModel(): Promise<Loaded> {
    const loaded = this.loaded ?? (await this.loading);
    if (!loaded) throw new CodedError('no-model', 'No model is loaded. Choose a model in Settings, or download one.');
    return loaded;
  }

  private async answer(request: GenerateRequest, stop: AnswerStop, post: (event: AnswerEvent) => void) {
    const loaded = await this.loadedModel();
    return loaded.vlm.answer(
      request,
      {
        onPhase: (phase) => post({ type: 'phase', phase }),
        onDelta: (text) => post({ type: 'delta', text }),
        stop,
      },
      this.options.cacheMode,
    );
  }
}
