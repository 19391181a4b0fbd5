// Opens an image the user chose, pasted or dropped as a new capture: PNG,
// JPEG, WebP or GIF (its first frame), checked from its header (format,
// declared pixels; common/open-image.ts) before anything decodes it, and
// converted to the PNG every capture is. The conversion is the host's
// PrepareImage: sharp in the engine in the app (sharp never runs in
// Electron's main process), in-process in the web host and the CLI. A PNG is
// stored as it is, as a capture is. Refusals are codes the page words.
import type { ConversationSummary } from '../../common/conversation.js';
import {
  checkImageHeader,
  maxOpenedImageBytes,
  maxOpenedImageSide,
  type OpenImageReply,
} from '../../common/open-image.js';
import type { PrepareImage } from '../model-servers/image-payload.js';

export class ImageOpener {
  constructor(
    private readonly openCapture: (png: Uint8Array) => Promise<ConversationSummary>,
    /** Converts the other formats to PNG; without it, only PNGs open. */
    private readonly prepare: PrepareImage | undefined,
    private readonly maxBytes = maxOpenedImageBytes,
  ) {}

  async open(bytes: Uint8Array): Promise<OpenImageReply> {
    if (bytes.byteLength > this.maxBytes) {
      return { ok: false, refusal: { reason: 'too-large', maxBytes: this.maxBytes } };
    }
    const header = checkImageHeader(bytes, true);
    if (header.ok === false) return header;
    if (header.ok !== true) return { ok: false, refusal: { reason: 'damaged' } };
    let png = bytes;
    if (header.format !== 'png') {
      if (!this.prepare) return { ok: false, refusal: { reason: 'unsupported' } };
      try {
        png = (await this.prepare(bytes, maxOpenedImageSide, false)).bytes;
      } catch {
        // The decoder's own words name a libvips internal: the page says the image is damaged.
        return { ok: false, refusal: { reason: 'damaged' } };
      }
    }
    // The header was checked: a failure here is the history's (a full disk), and says so.
    return { ok: true, conversation: await this.openCapture(png) };
  }
}
