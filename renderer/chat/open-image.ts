// Opening an image as a new capture from the page, however it came (the
// "Open an image…" button, a paste, a drop): checked here first from its
// first bytes, so a file that is not a PNG, JPEG, WebP or GIF is refused at
// once in the page's language without being sent, then handed to the host,
// which checks it again, converts it and tells every page of the new capture
// (the page opens it from that event). Refusals become the page's notice.
import i18next from 'i18next';
import { create } from 'zustand';
import { checkImageHeader, maxOpenedImageBytes, type OpenImageRefusal } from '../../common/open-image.js';
import { chatBridge } from './bridge-for-page.js';
import { reasonOf } from './store/reason.js';
import { useChatStore } from './store.js';

/** Enough for a header to have said the image's size (a JPEG's can follow its metadata). */
const headerBytes = 256 * 1024;

/** Whether an image is being opened now (the button says so; a second one waits its turn). */
export const useOpeningImage = create<{ opening: boolean }>()(() => ({ opening: false }));

/** Whether this page can open images: a host that takes them is behind it. */
export function canOpenImages(): boolean {
  return chatBridge().openImage !== undefined;
}

export async function openImageFile(image: Blob): Promise<void> {
  const open = chatBridge().openImage;
  if (!open || useOpeningImage.getState().opening) return;
  const refused = await refusalOnPage(image);
  if (refused) return say(refusalText(refused));
  useOpeningImage.setState({ opening: true });
  try {
    const reply = await open(image);
    if (!reply.ok) say(refusalText(reply.refusal));
  } catch (error) {
    say(reasonOf(error));
  } finally {
    useOpeningImage.setState({ opening: false });
  }
}

async function refusalOnPage(image: Blob): Promise<OpenImageRefusal | undefined> {
  if (image.size > maxOpenedImageBytes) return { reason: 'too-large', maxBytes: maxOpenedImageBytes };
  const head = new Uint8Array(await image.slice(0, headerBytes).arrayBuffer());
  const header = checkImageHeader(head, image.size <= headerBytes);
  return header.ok === false ? header.refusal : undefined;
}

/** A refusal in the page's language. */
export function refusalText(refusal: OpenImageRefusal): string {
  const t = i18next.t.bind(i18next);
  switch (refusal.reason) {
    case 'unsupported':
      return t('images.unsupported');
    case 'too-large':
      return t('images.tooLarge', {
        size: t('images.megabytes', { count: Math.round(refusal.maxBytes / (1024 * 1024)) }),
      });
    case 'too-many-pixels':
      return t('images.tooManyPixels', {
        width: refusal.width.toLocaleString(i18next.language),
        height: refusal.height.toLocaleString(i18next.language),
      });
    case 'damaged':
      return t('images.damaged');
  }
}

function say(notice: string): void {
  useChatStore.setState({ notice });
}
