// Image jobs the engine does for the app, since sharp and the OCR never run
// in Electron's main process: cutting the selected region out of a display
// capture, scaling a capture down for a remote model server, reading a
// capture's text, and encoding a capture for its first question. Each job is one request and one reply on its own request
// channel, which then closes.
import type { CaptureText } from '../../common/capture-text.js';
import { CodedError } from '../../common/coded-error.js';
import {
  CropReply,
  FillBoxesReply,
  type FillBoxesRequest,
  PrepareImageReply,
  ReadTextReply,
  ResizeReply,
  type CropRequest,
  type EngineError,
  type ImageSource,
  type ReadTextRequest,
} from '../../common/engine-protocol.js';
import type { WireChannel } from '../../common/engine-wire.js';
import { describeIssues } from '../../common/schema.js';
import type { core } from 'zod/mini';
import * as wording from './wording.js';

export interface CroppedImage {
  png: Uint8Array;
  width: number;
  height: number;
}

export interface ResizedImage {
  bytes: Uint8Array;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

/** Cuts `rect` out of a display capture on `channel`, as a lossless PNG. */
export async function cropOn(
  channel: WireChannel,
  capture: Uint8Array,
  rect: CropRequest['rect'],
): Promise<CroppedImage> {
  const reply = await imageJob(channel, { type: 'crop', capture, rect }, CropReply, wording.cropInterrupted);
  if (reply.type !== 'cropped') throw new CodedError('internal', 'The engine sent the wrong reply to a crop.');
  return { png: reply.png, width: reply.width, height: reply.height };
}

/** The capture with each box filled opaque on `channel`, as a lossless PNG at full resolution. */
export async function fillBoxesOn(
  channel: WireChannel,
  image: Uint8Array,
  boxes: FillBoxesRequest['boxes'],
): Promise<Uint8Array> {
  const reply = await imageJob(channel, { type: 'fill-boxes', image, boxes }, FillBoxesReply, wording.fillInterrupted);
  if (reply.type !== 'filled') throw new CodedError('internal', 'The engine sent the wrong reply to a fill.');
  return reply.png;
}

/** Scales a capture down to maxSide on `channel` and encodes it (PNG, or JPEG where allowed and smaller). */
export async function resizeOn(
  channel: WireChannel,
  image: Uint8Array,
  maxSide: number,
  allowJpeg: boolean,
): Promise<ResizedImage> {
  const reply = await imageJob(
    channel,
    { type: 'resize', image, maxSide, allowJpeg },
    ResizeReply,
    wording.resizeInterrupted,
  );
  if (reply.type !== 'resized') throw new CodedError('internal', 'The engine sent the wrong reply to a resize.');
  return { bytes: reply.bytes, mime: reply.mime, width: reply.width, height: reply.height };
}

/** Reads the capture's text on `channel` with the engine's text layer (OCR); `lang` by default auto. */
export async function readTextOn(
  channel: WireChannel,
  image: ImageSource,
  lang?: ReadTextRequest['lang'],
): Promise<CaptureText> {
  const request = { type: 'read-text' as const, image, ...(lang ? { lang } : {}) };
  const reply = await imageJob(channel, request, ReadTextReply, wording.readTextInterrupted);
  if (reply.type !== 'text-read') throw new CodedError('internal', 'The engine sent the wrong reply to a text read.');
  return reply.text;
}

/** What the engine cached of a capture before its first question. */
export interface PreparedImage {
  cachedTokens: number;
  imageTokens: number;
  ms: number;
}

/**
 * Encodes a capture for its conversation's first question on `channel` (the
 * engine queues it with the answers). Aborting `signal` cancels it if it has
 * not started, and resolves undefined.
 */
export async function prepareImageOn(
  channel: WireChannel,
  conversationId: string,
  image: ImageSource,
  signal?: AbortSignal,
): Promise<PreparedImage | undefined> {
  const cancel = () => channel.close();
  if (signal?.aborted) {
    cancel();
    return undefined;
  }
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    const reply = await imageJob(
      channel,
      { type: 'prepare-image', conversationId, image },
      PrepareImageReply,
      wording.prepareImageInterrupted,
    );
    if (reply.type !== 'image-prepared') {
      throw new CodedError('internal', 'The engine sent the wrong reply to a preparation.');
    }
    return { cachedTokens: reply.cachedTokens, imageTokens: reply.imageTokens, ms: reply.ms };
  } catch (error) {
    if (signal?.aborted) return undefined;
    throw error;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

type ErrorReply = { type: 'error'; error: EngineError };

/** One reply, then the channel closes; the engine's error reply rejects with its code. */
function imageJob<Reply extends { type: string }>(
  channel: WireChannel,
  request: { type: 'crop' | 'resize' | 'fill-boxes' | 'read-text' | 'prepare-image'; [field: string]: unknown },
  schema: {
    safeParse(raw: unknown): { success: true; data: Reply | ErrorReply } | { success: false; error: core.$ZodError };
  },
  interrupted: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let settled = false;
    channel.onMessage((raw) => {
      const reply = schema.safeParse(raw);
      settled = true;
      channel.close();
      if (!reply.success)
        reject(
          new CodedError(
            'internal',
            `The engine sent a malformed ${request.type} reply: ${describeIssues(reply.error)}`,
          ),
        );
      else if (isErrorReply(reply.data)) reject(new CodedError(reply.data.error.code, reply.data.error.message));
      else resolve(reply.data);
    });
    channel.onClose(() => {
      if (!settled) reject(new CodedError('engine-crashed', interrupted));
    });
    channel.post(request);
  });
}

function isErrorReply(reply: { type: string }): reply is ErrorReply {
  return reply.type === 'error';
}
