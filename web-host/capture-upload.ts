// Reading an image posted to the web host: at most `maxBytes`, and refused as
// soon as its first bytes show it is not a PNG, JPEG, WebP or GIF, or that its
// header declares more pixels than Sightline reads (common/open-image.ts),
// before anything is stored or decoded. A refusal is answered while the
// client may still be sending, and the socket is not destroyed then: closing
// a socket with unread bytes resets the connection, and the client sees
// ECONNRESET instead of the answer (RFC 9112, section 9.6). So the answer
// goes first, the rest of the body is read and dropped, and the connection is
// closed once the client has sent it all.
import type { IncomingMessage } from 'node:http';
import { checkImageHeader, type OpenImageRefusal } from '../common/open-image.js';

/** Where a header must have said the image's size (a JPEG's can follow its metadata, thumbnails included). */
const maxHeaderBytes = 256 * 1024;
/** A client still sending this much after the refusal is not reading it: it is cut off. */
const maxDrainBytes = 256 * 1024 * 1024;

/**
 * The body, or undefined once `refuse(refusal)` was called; `refuse` must
 * write the whole response at once.
 */
export function readCapture(
  request: IncomingMessage,
  maxBytes: number,
  refuse: (refusal: OpenImageRefusal) => void,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    let headerChecked = false;
    let drained = 0;
    const stop = (refusal: OpenImageRefusal) => {
      refused = true;
      chunks.length = 0;
      refuse(refusal);
      resolve(undefined);
    };
    request.on('data', (chunk: Buffer) => {
      if (refused) {
        drained += chunk.length;
        if (drained > maxDrainBytes) request.socket.destroy();
        return;
      }
      size += chunk.length;
      if (size > maxBytes) {
        stop({ reason: 'too-large', maxBytes });
        return;
      }
      chunks.push(chunk);
      if (!headerChecked) {
        // Checked on the bytes so far until the header has said enough; the whole image is checked again on opening.
        const header = checkImageHeader(Buffer.concat(chunks), false);
        if (header.ok === false) stop(header.refusal);
        else if (header.ok === true || size >= maxHeaderBytes) headerChecked = true;
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
