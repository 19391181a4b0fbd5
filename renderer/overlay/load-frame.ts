// The overlay's frame: asked of the app for this display, made into a bitmap
// (raw RGBA as it is, a PNG decoded), and its size checked against the
// capture's, with what went wrong said in the page's words (the language
// comes with the frame; without one, the browser's).
import type { CaptureSize } from '../../common/geometry.js';
import { messageOf } from '../../common/message-of.js';
import { pickLanguage, type UiLanguage } from '../../common/ui-language.js';
import { NotConnected, overlayBridge, type OverlayFrameInfo } from './bridge.js';
import { overlayWords } from './words.js';

export type LoadedFrame =
  | { ok: true; frame: OverlayFrameInfo; image: ImageBitmap; capture: CaptureSize }
  | { ok: false; language: UiLanguage; reason: string };

export async function loadFrame(): Promise<LoadedFrame> {
  let frame: OverlayFrameInfo;
  try {
    frame = await overlayBridge().frame();
  } catch (error) {
    const language = pickLanguage(navigator.languages);
    const words = overlayWords(language);
    const reason = error instanceof NotConnected ? words.notConnected : words.frameFailed(messageOf(error));
    return { ok: false, language, reason };
  }
  const { language } = frame;
  const words = overlayWords(language);
  const image = await frame
    .pixels()
    .then((pixels) => createImageBitmap(pixels))
    .catch(() => undefined);
  if (!image) return { ok: false, language, reason: words.imageUnreadable };
  const capture = frame.captureSize ?? { width: image.width, height: image.height };
  if (image.width !== capture.width || image.height !== capture.height) {
    const reason = words.imageWrongSize(`${image.width}x${image.height}`, `${capture.width}x${capture.height}`);
    return { ok: false, language, reason };
  }
  return { ok: true, frame, image, capture };
}
