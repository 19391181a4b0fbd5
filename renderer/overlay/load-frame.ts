// The overlay's frame: asked of the app for this display, decoded, and its
// size checked against the capture's, with what went wrong said in the
// page's words (the language comes with the frame; without one, the
// browser's).
import type { CaptureSize } from '../../common/geometry.js';
import { messageOf } from '../../common/message-of.js';
import { pickLanguage, type UiLanguage } from '../../common/ui-language.js';
import { NotConnected, overlayBridge, type OverlayFrameInfo } from './bridge.js';
import { overlayWords } from './words.js';

export type LoadedFrame =
  | { ok: true; frame: OverlayFrameInfo; image: HTMLImageElement; capture: CaptureSize }
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
  const image = await decode(frame.url);
  if (!image) return { ok: false, language, reason: words.imageUnreadable };
  const capture = frame.captureSize ?? { width: image.naturalWidth, height: image.naturalHeight };
  if (image.naturalWidth !== capture.width || image.naturalHeight !== capture.height) {
    const reason = words.imageWrongSize(
      `${image.naturalWidth}x${image.naturalHeight}`,
      `${capture.width}x${capture.height}`,
    );
    return { ok: false, language, reason };
  }
  return { ok: true, frame, image, capture };
}

function decode(url: string): Promise<HTMLImageElement | undefined> {
  const image = new Image();
  image.decoding = 'async';
  image.src = url;
  return image.decode().then(
    () => image,
    () => undefined,
  );
}
