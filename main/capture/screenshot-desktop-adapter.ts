// Capture through screenshot-desktop: ImageMagick's `import` (or scrot) on
// X11, screencapture on macOS, a bundled batch script on Windows (unpacked
// from the asar, see electron-builder.yml). Always PNG: a lossy JPEG would
// blur the very text the model must read.
import screenshot from 'screenshot-desktop';
import { matchScreens, type ListedScreen } from '../core/display-match.js';
import type { DisplayGeometry } from '../core/geometry.js';
import { pngSize } from '../core/png-size.js';
import { CaptureError, type CaptureAdapter, type DisplayCapture } from './capture-adapter.js';

type Listed = Awaited<ReturnType<typeof screenshot.listDisplays>>[number];

function toListedScreen(display: Listed): ListedScreen & { source: Listed } {
  if (
    display.width !== undefined &&
    display.height !== undefined &&
    display.offsetX !== undefined &&
    display.offsetY !== undefined
  ) {
    return {
      id: display.id,
      source: display,
      rect: { x: display.offsetX, y: display.offsetY, width: display.width, height: display.height },
      ...(display.primary !== undefined ? { primary: display.primary } : {}),
    };
  }
  if (
    display.left !== undefined &&
    display.top !== undefined &&
    display.right !== undefined &&
    display.bottom !== undefined
  ) {
    return {
      id: display.id,
      source: display,
      rect: {
        x: display.left,
        y: display.top,
        width: display.right - display.left,
        height: display.bottom - display.top,
      },
    };
  }
  return { id: display.id, source: display };
}

export function createScreenshotDesktopAdapter(): CaptureAdapter {
  return {
    name: 'screenshot-desktop',
    async captureAll(displays: readonly DisplayGeometry[]): Promise<DisplayCapture[]> {
      let listed: Listed[];
      try {
        listed = await screenshot.listDisplays();
      } catch (error) {
        throw new CaptureError(
          process.platform === 'linux'
            ? 'Could not list the screens: is xrandr installed (x11-xserver-utils) and is this an X11 session?'
            : 'Could not list the screens.',
          { cause: error },
        );
      }
      const screens = matchScreens(displays, listed.map(toListedScreen));
      // All displays at once, so every frame shows the same moment.
      return Promise.all(
        displays.map(async (display, index) => {
          const screen = screens[index];
          if (!screen) throw new CaptureError(`Display ${display.id} was not found among the captured screens.`);
          let png: Buffer;
          try {
            png = await screenshot({ screen: screen.id, format: 'png' });
          } catch (error) {
            throw new CaptureError(
              process.platform === 'linux'
                ? 'Could not capture the screen: is ImageMagick (import) installed?'
                : 'Could not capture the screen.',
              { cause: error },
            );
          }
          const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
          const size = pngSize(bytes);
          if (!size) throw new CaptureError(`The capture of display ${display.id} is not a PNG image.`);
          return { displayId: display.id, png: bytes, ...size };
        }),
      );
    },
  };
}
