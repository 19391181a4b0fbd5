// Reading a capture posted to the web host: at most `maxBytes`, and refused
// as soon as its PNG header declares more pixels than the engine reads
// (core/image-limits.ts), before anything is stored. A refusal is answered
// while the client may still be sending, and the socket is not destroyed
// then: closing a socket with unread bytes resets the connection, and the
// client sees ECONNRESET instead of the answer (RFC 9112, section 9.6).
// So the answer goes first, the rest of the body is read and dropped, and
// the connection is closed once the client has sent it all.
import type { IncomingMessage } from 'node:http';
import { maxImagePixels } from '../common/image-limits.js';
import { pngSize } from '../common/png-size.js';

/** A PNG's header is complete within its first 24 bytes (signature, IHDR length and type, width, height). */
const headerBytes = 24;
/** A client still sending this much after the refusal is not reading it: it is cut off. */
const maxDrainBytes = 256 * 1024 * 1024;

/**
 * The body, or undefined once `refuse(reason)` was called; `refuse` must
 * write the whole response at once (status 413 and the reason).
 */
export function readCapture(
  request: IncomingMessage,
  maxBytes: number,
  refuse: (reason: string) => void,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    let drained = 0;
    const stop = (reason: string) => {
      refused = true;
      chunks.length = 0;
      refuse(reason);
      resolve(undefined);
    };
    request.on('data', (chunk: Buffer) => {
      if (refused) {
        drained += chunk.length;
        if (drained > maxDrainBytes) request.socket.destroy();
        return;
      }
      const before = size;
      size += chunk.length;
      if (size > maxBytes) {
        stop(`The image is larger than ${describeBytes(maxBytes)}, the most this host takes.`);
        return;
      }
      chunks.push(chunk);
      if (before < headerBytes && size >= headerBytes) {
        const tooMany = pixelRefusal(Buffer.concat(chunks));
        if (tooMany) stop(tooMany);
      }
    });
    request.on('end', () => {
      // Everything the client sent has been read: closing now cannot reset the connection.
      if (refused) request.socket.end();
      else resolve(new Uint8Array(Buffer.concat(chunks)));
    });
    request.on('error', (error) => {
      if (!refused) reject(error);
    });
  });
}

/** Why an image whose header declares too many pixels is refused; undefined for any other. */
function pixelRefusal(head: Uint8Array): string | undefined {
  const size = pngSize(head);
  if (!size || size.width * size.height <= maxImagePixels) return undefined;
  const megapixels = (pixels: number) => Math.floor(pixels / 1_000_000).toLocaleString('en');
  return (
    `The image is ${size.width}x${size.height} px (${megapixels(size.width * size.height)} megapixels): ` +
    `more than the ${megapixels(maxImagePixels)} megapixels Sightline reads. Send a smaller image.`
  );
}

function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${bytes} bytes`;
}
