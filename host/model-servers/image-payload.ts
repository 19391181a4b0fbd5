// The capture as a model server gets it: base64 PNG (or JPEG where the user
// allows it), no larger than the server's limit. The scaling itself is
// injected — in the app the engine does it (sharp never runs in Electron's
// main process), in tests and the CLI sharp is called directly — and is
// skipped for a PNG that already fits, which a screen region usually is.
// Every question sends the capture again (the servers keep no state between
// requests), so the prepared image is kept for the follow-ups.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CodedError } from '../../common/coded-error.js';
import type { ImageSource } from '../../common/engine-protocol.js';
import { pngSize } from '../../common/png-size.js';
import { RemoteFailure } from './remote-error.js';
import { messageOf } from '../../common/message-of.js';

export type ImageMime = 'image/png' | 'image/jpeg';

/** Scales `bytes` down so its longer side is at most maxSide (never up); PNG, or JPEG where allowed. */
export type PrepareImage = (
  bytes: Uint8Array,
  maxSide: number,
  allowJpeg: boolean,
) => Promise<{ bytes: Uint8Array; mime: ImageMime }>;

export interface ImagePayload {
  mime: ImageMime;
  base64: string;
}

export function dataUrl(image: ImagePayload): string {
  return `data:${image.mime};base64,${image.base64}`;
}

const cacheSize = 4;

export class ImagePayloads {
  private readonly cache = new Map<string, ImagePayload>();

  constructor(
    private readonly prepare: PrepareImage,
    private readonly maxSide: number,
    private readonly allowJpeg: boolean,
  ) {}

  async get(source: ImageSource): Promise<ImagePayload> {
    const bytes = await readSource(source);
    const key = createHash('sha256').update(bytes).digest('hex');
    const cached = this.cache.get(key);
    if (cached) return cached;
    const payload = await this.encode(bytes);
    this.cache.set(key, payload);
    if (this.cache.size > cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    return payload;
  }

  private async encode(bytes: Uint8Array): Promise<ImagePayload> {
    const size = pngSize(bytes);
    if (size && !this.allowJpeg && Math.max(size.width, size.height) <= this.maxSide) {
      return { mime: 'image/png', base64: base64(bytes) };
    }
    let prepared: { bytes: Uint8Array; mime: ImageMime };
    try {
      prepared = await this.prepare(bytes, this.maxSide, this.allowJpeg);
    } catch (error) {
      // The engine's own failures (a damaged capture, an engine that stopped) say it best.
      if (error instanceof CodedError) throw new RemoteFailure(error.code, error.message, { cause: error });
      throw new RemoteFailure('bad-image', `The capture could not be prepared for the server (${messageOf(error)}).`, {
        cause: error,
      });
    }
    return { mime: prepared.mime, base64: base64(prepared.bytes) };
  }
}

async function readSource(source: ImageSource): Promise<Uint8Array> {
  if (source.kind === 'bytes') return source.bytes;
  try {
    return await readFile(source.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RemoteFailure(
      'bad-image',
      code === 'ENOENT'
        ? `The capture ${source.path} no longer exists.`
        : `The capture ${source.path} cannot be read (${code ?? 'error'}).`,
      { cause: error },
    );
  }
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
