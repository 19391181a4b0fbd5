// POST /dev/capture: an image opened as a new capture, where a browser has no
// capture shortcut. The page's "Open an image…", a paste and a drop post here,
// and so do `npm run dev:web -- --capture <file>` when a host already runs, and
// curl. The body is the image file (PNG, JPEG, WebP or GIF), read with its
// limits (capture-upload.ts) and opened by the chat service
// (host/chat/image-opener.ts). The answer is an OpenImageReply as JSON, with
// the refusal's words in English beside it for curl.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeRefusal, type OpenImageRefusal, type OpenImageReply } from '../common/open-image.js';
import type { ChatService } from '../host/chat/chat-service.js';
import { readCapture } from './capture-upload.js';

/** What a client may call the body: the image's own type, or plain bytes (the host reads the format from them). */
const acceptedTypes = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/octet-stream'];

const statusOf: Record<OpenImageRefusal['reason'], number> = {
  unsupported: 415,
  'too-large': 413,
  'too-many-pixels': 413,
  damaged: 422,
};

export type Send = (response: ServerResponse, status: number, type: string, body: string) => void;

export async function serveDevCapture(
  request: IncomingMessage,
  response: ServerResponse,
  service: ChatService,
  maxBytes: number,
  send: Send,
): Promise<void> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!acceptedTypes.includes(type)) {
    return send(response, 415, 'text/plain; charset=utf-8', `Send the image as ${acceptedTypes.join(', ')}.`);
  }
  const answer = (reply: OpenImageReply) => {
    const body = reply.ok ? reply : { ...reply, message: describeRefusal(reply.refusal) };
    send(response, reply.ok ? 201 : statusOf[reply.refusal.reason], 'application/json', JSON.stringify(body));
  };
  const body = await readCapture(request, maxBytes, (refusal) => answer({ ok: false, refusal }));
  if (!body) return;
  answer(await service.images.open(body));
}
