// Capture through Electron's desktopCapturer: the screen sources' thumbnails,
// requested at each display's full device resolution (bounds x scaleFactor),
// paired with displays by id (by order where Linux reports no ids).
import { desktopCapturer } from 'electron';
import { matchSourcesById } from '../../common/display-match.js';
import { expectedCaptureSize, type DisplayGeometry } from '../../common/geometry.js';
import { CaptureError, type CaptureAdapter, type DisplayCapture } from './capture-adapter.js';

export function createDesktopCapturerAdapter(): CaptureAdapter {
  return {
    name: 'desktopCapturer',
    async captureAll(displays: readonly DisplayGeometry[]): Promise<DisplayCapture[]> {
      // A thumbnail is scaled to fit the requested size, so displays of
      // different sizes are requested separately, each at its own size.
      const bySize = new Map<string, DisplayGeometry[]>();
      for (const display of displays) {
        const { width, height } = expectedCaptureSize(display);
        const key = `${width}x${height}`;
        bySize.set(key, [...(bySize.get(key) ?? []), display]);
      }
      const captures = new Map<string, DisplayCapture>();
      await Promise.all(
        [...bySize.values()].map(async (group) => {
          const size = expectedCaptureSize(group[0] as DisplayGeometry);
          const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: size });
          const paired = matchSourcesById(
            displays,
            sources.map((source) => ({ displayId: source.display_id, source })),
          );
          displays.forEach((display, index) => {
            const match = paired[index];
            if (!group.includes(display) || !match) return;
            const image = match.source.thumbnail;
            if (image.isEmpty()) {
              throw new CaptureError(
                process.platform === 'darwin'
                  ? 'The capture is empty: allow Sightline to record the screen in System Settings → Privacy & Security → Screen Recording.'
                  : `The capture of display ${display.id} is empty.`,
              );
            }
            const png = image.toPNG();
            const { width, height } = image.getSize();
            captures.set(display.id, {
              displayId: display.id,
              png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
              width,
              height,
            });
          });
        }),
      );
      return displays.map((display) => {
        const capture = captures.get(display.id);
        if (!capture) throw new CaptureError(`Display ${display.id} was not found among the screen sources.`);
        return capture;
      });
    },
  };
}
