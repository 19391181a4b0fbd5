// Capture through Electron's desktopCapturer: the screen sources' thumbnails,
// requested at each display's full device resolution (bounds x scaleFactor),
// paired with displays by id (by order where Linux reports no ids), or cut
// out of one picture of the whole desktop where the Wayland portal returns
// that (screen-pictures.ts, common/display-pictures.ts).
import { desktopCapturer } from 'electron';
import type { CaptureAdapter } from './capture-adapter.js';
import { createScreenPicturesAdapter } from './screen-pictures.js';

export function createDesktopCapturerAdapter(): CaptureAdapter {
  // Under Wayland each request shows the portal's dialog: one request only.
  const wayland = process.platform === 'linux' && process.env.XDG_SESSION_TYPE === 'wayland';
  return createScreenPicturesAdapter(desktopCapturer, { askOnce: wayland });
}
