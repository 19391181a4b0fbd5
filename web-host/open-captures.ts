// `npm run dev:web -- --capture <file>`: each file opened as a capture, the
// way the app's `sightline --capture` reaches the running app. When a web host
// already runs on the port, the files go to it (POST /dev/capture) and its
// open pages show them at once; otherwise the host that starts opens them,
// and a page that connects afterwards opens on the latest one
// (chat:current-conversation).
import { readFile } from 'node:fs/promises';
import { webHostMarker } from '../common/chat-web-contract.js';
import { devCapturePath } from '../common/chat-web-contract.js';
import { messageOf } from '../common/message-of.js';
import { describeRefusal, OpenImageReply } from '../common/open-image.js';

/** Opens one file's bytes; the reply says the capture or why not. */
export type OpenImage = (bytes: Uint8Array<ArrayBuffer>) => Promise<OpenImageReply>;

/** Whether a Sightline web host answers at `origin` (it marks the pages it serves). */
export async function webHostRunsAt(origin: string): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/chat/index.html`, { signal: AbortSignal.timeout(2000) });
    return response.ok && (await response.text()).includes(`name="${webHostMarker}"`);
  } catch {
    return false;
  }
}

/** Posts the image to the web host at `origin`, as the page's "Open an image…" does. */
export function openOnRunningHost(origin: string): OpenImage {
  return async (bytes) => {
    const response = await fetch(`${origin}${devCapturePath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const reply = OpenImageReply.safeParse(await response.json().catch(() => undefined));
    if (!reply.success) throw new Error(`The web host answered HTTP ${response.status}.`);
    return reply.data;
  };
}

/** Opens each file in turn and says what became of it; false when any did not open. */
export async function openCaptureFiles(files: readonly string[], open: OpenImage): Promise<boolean> {
  let allOpened = true;
  for (const file of files) {
    try {
      const reply = await open(new Uint8Array(await readFile(file)));
      if (reply.ok) {
        const { id, capture } = reply.conversation;
        console.log(`opened ${file} as capture ${id} (${capture.width}x${capture.height} px)`);
        continue;
      }
      console.error(`${file} was not opened: ${describeRefusal(reply.refusal)}`);
    } catch (error) {
      console.error(`${file} was not opened: ${messageOf(error)}`);
    }
    allOpened = false;
  }
  return allOpened;
}
