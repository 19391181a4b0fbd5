// Capture from screen pictures (what Electron's desktopCapturer returns), each
// display's frame cut from them as common/display-pictures.ts plans it: one
// picture per display as usual; under Wayland, where the desktop portal may
// return one picture of the whole desktop, or fewer pictures than displays,
// each display's part of it. The Electron API comes in as a port (no
// `electron` import here), so tests drive it with plain fakes.
//
// Under Wayland every getSources() call shows the portal's "share your
// screen" dialog, so there it is called once, at the whole desktop's size: a
// picture of the whole desktop comes at full resolution, and one display's
// picture is scaled to fit it, keeping its proportions.
import { planDisplayPictures, desktopPixelSize, type PicturePlan } from '../../common/display-pictures.js';
import { expectedCaptureSize, type CaptureSize, type DisplayGeometry, type Rect } from '../../common/geometry.js';
import { CaptureError, pngFrame, type CaptureAdapter, type DisplayCapture } from './capture-adapter.js';

/** The part of Electron's NativeImage used here. */
export interface ScreenPicture {
  isEmpty(): boolean;
  toPNG(): Uint8Array;
  getSize(): CaptureSize;
  crop(rect: Rect): ScreenPicture;
}

/** The part of Electron's DesktopCapturerSource used here. */
export interface ScreenSource {
  /** A display's id as a string; '' where the system does not say (Wayland, some X11). */
  display_id: string;
  thumbnail: ScreenPicture;
}

/** The part of Electron's desktopCapturer used here. */
export interface ScreenSources {
  getSources(options: { types: ['screen']; thumbnailSize: CaptureSize }): Promise<ScreenSource[]>;
}

export interface ScreenPicturesOptions {
  /** Ask for the pictures once (Wayland, where each request is a dialog), at the whole desktop's size. */
  askOnce?: boolean;
}

export function createScreenPicturesAdapter(
  screens: ScreenSources,
  options: ScreenPicturesOptions = {},
): CaptureAdapter {
  const listAt = async (displays: readonly DisplayGeometry[], size: CaptureSize) => {
    const sources = await screens.getSources({ types: ['screen'], thumbnailSize: size });
    const plan = planDisplayPictures(
      displays,
      sources.map((source) => ({ displayId: source.display_id, ...source.thumbnail.getSize() })),
    );
    if (plan.kind === 'unmatched') throw new CaptureError(plan.reason, { failure: { code: 'portal-pictures' } });
    return { sources, plan };
  };
  return {
    name: 'desktopCapturer',
    async captureAll(displays: readonly DisplayGeometry[]): Promise<DisplayCapture[]> {
      if (options.askOnce) {
        const once = await listAt(displays, desktopPixelSize(displays));
        return displays.map((display, index) => captureOf(display, once.sources, once.plan, index));
      }
      // A thumbnail is scaled to fit the requested size, so displays of
      // different sizes are requested separately, each at its own size.
      const bySize = new Map<string, DisplayGeometry[]>();
      for (const display of displays) {
        const { width, height } = expectedCaptureSize(display);
        const key = `${width}x${height}`;
        bySize.set(key, [...(bySize.get(key) ?? []), display]);
      }
      const groups = [...bySize.values()];
      const first = await listAt(displays, expectedCaptureSize(groups[0]![0]!));
      if (first.plan.kind === 'whole-desktop') {
        // One picture of the whole desktop, scaled to fit one display: asked again at its full size, then cut.
        const whole = await listAt(displays, desktopPixelSize(displays));
        return displays.map((display, index) => captureOf(display, whole.sources, whole.plan, index));
      }
      const captures = new Map<string, DisplayCapture>();
      await Promise.all(
        groups.map(async (group, at) => {
          const { sources, plan } = at === 0 ? first : await listAt(displays, expectedCaptureSize(group[0]!));
          displays.forEach((display, index) => {
            if (group.includes(display)) captures.set(display.id, captureOf(display, sources, plan, index));
          });
        }),
      );
      return displays.map((display) => captures.get(display.id)!);
    },
  };
}

/** Display `index`'s frame: its picture, or its part of the whole desktop's. */
function captureOf(
  display: DisplayGeometry,
  sources: readonly ScreenSource[],
  plan: Exclude<PicturePlan, { kind: 'unmatched' }>,
  index: number,
): DisplayCapture {
  const cut = plan.cuts[index]!;
  const picture = sources[cut.source]!.thumbnail;
  if (picture.isEmpty()) {
    const darwin = process.platform === 'darwin';
    throw new CaptureError(
      darwin
        ? 'The capture is empty: allow Sightline to record the screen in System Settings → Privacy & Security → Screen Recording.'
        : `The capture of display ${display.id} is empty.`,
      { failure: darwin ? { code: 'screen-recording' } : { code: 'empty', displayId: display.id } },
    );
  }
  const image = cut.rect ? picture.crop(cut.rect) : picture;
  const png = image.toPNG();
  const { width, height } = image.getSize();
  return {
    displayId: display.id,
    image: pngFrame(png),
    width,
    height,
  };
}
