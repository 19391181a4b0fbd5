// The overlay page's only door to the app. Inside Electron it is the overlay
// preload's API (window.sightline). Served over http for the tests there is no
// preload: the frame then comes from the URL's query (a same-origin PNG) and
// confirm/cancel are recorded on window.sightlineOverlayEvents (and the painted signal on
// window.sightlineOverlayPainted), so the tests drive the very same
// components; the language then comes from ?lang= (else the browser's).
// Without either, the page says it is not connected.
import type { CaptureSize, Rect } from '../../common/geometry.js';
import type { OverlayConfirmReply, OverlaySelection } from '../../common/overlay-contract.js';
import { UiLanguage, pickLanguage } from '../../common/ui-language.js';
import type { SightlineOverlayApi } from '../../preload/overlay.js';

export type { OverlayConfirmReply, OverlaySelection };

export interface OverlayFrameInfo {
  displayId: string;
  /**
   * The frame's pixels, as createImageBitmap takes them: raw RGBA from the app
   * (the X11 capture) as ImageData, a PNG (the app's other captures, or a
   * same-origin file in tests) as a Blob.
   */
  pixels(): Promise<ImageData | Blob>;
  /** The display's bounds in global DIPs (the window covers them). */
  bounds: Rect;
  scaleFactor: number;
  /** The capture's pixel size; when absent the image's natural size is used. */
  captureSize?: CaptureSize;
  /** The language the page speaks: the app's. */
  language: UiLanguage;
}

export interface OverlayBridge {
  frame(): Promise<OverlayFrameInfo>;
  confirm(selection: OverlaySelection): Promise<OverlayConfirmReply>;
  cancel(): void;
  /** The frame (or the page's error) is painted: the app shows the window now. */
  painted(): void;
}

/** What the test path records, in order. */
export type OverlayTestEvent = { type: 'confirm'; selection: OverlaySelection } | { type: 'cancel' };

/** The page runs with no app behind it (it says so in its own words). */
export class NotConnected extends Error {
  constructor() {
    super('Not connected to the Sightline app.');
    this.name = 'NotConnected';
  }
}

function preloadApi(): Partial<SightlineOverlayApi> | undefined {
  return (window as unknown as { sightline?: Partial<SightlineOverlayApi> }).sightline;
}

function electronBridge(api: SightlineOverlayApi): OverlayBridge {
  return {
    async frame() {
      const frame = await api.frame();
      const { image, captureSize } = frame;
      const pixels =
        image.format === 'rgba'
          ? new ImageData(
              new Uint8ClampedArray(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength),
              captureSize.width,
              captureSize.height,
            )
          : new Blob([image.bytes], { type: 'image/png' });
      return {
        displayId: frame.displayId,
        pixels: async () => pixels,
        bounds: frame.bounds,
        scaleFactor: frame.scaleFactor,
        captureSize: frame.captureSize,
        language: frame.language,
      };
    },
    confirm: (selection) => api.confirm(selection),
    cancel: () => api.cancel(),
    painted: () => api.painted(),
  };
}

function number(params: URLSearchParams, name: string, fallback: number): number {
  const raw = params.get(name);
  const value = raw === null ? fallback : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`The query parameter ${name} is not a number.`);
  return value;
}

/** Test path: ?frame=<same-origin PNG>&scale=2&x=0&y=0[&width=&height=][&display=id][&lang=fr]. */
function queryBridge(params: URLSearchParams, frameUrl: string): OverlayBridge {
  const events: OverlayTestEvent[] = [];
  (window as unknown as { sightlineOverlayEvents: OverlayTestEvent[] }).sightlineOverlayEvents = events;
  return {
    frame: async () => ({
      displayId: params.get('display') ?? 'test-display',
      pixels: async () => {
        const response = await fetch(frameUrl);
        if (!response.ok) throw new Error(`${frameUrl}: HTTP ${response.status}`);
        return response.blob();
      },
      bounds: {
        x: number(params, 'x', 0),
        y: number(params, 'y', 0),
        width: number(params, 'width', window.innerWidth),
        height: number(params, 'height', window.innerHeight),
      },
      scaleFactor: number(params, 'scale', window.devicePixelRatio),
      language: UiLanguage.safeParse(params.get('lang')).data ?? pickLanguage(navigator.languages),
    }),
    confirm: async (selection) => {
      events.push({ type: 'confirm', selection });
      return { ok: true };
    },
    cancel: () => {
      events.push({ type: 'cancel' });
    },
    painted: () => {
      (window as unknown as { sightlineOverlayPainted: boolean }).sightlineOverlayPainted = true;
    },
  };
}

const disconnected: OverlayBridge = {
  frame: () => Promise.reject(new NotConnected()),
  confirm: () => Promise.reject(new NotConnected()),
  cancel: () => undefined,
  painted: () => undefined,
};

let bridge: OverlayBridge | undefined;

export function overlayBridge(): OverlayBridge {
  if (bridge) return bridge;
  const api = preloadApi();
  const params = new URLSearchParams(window.location.search);
  const frameUrl = params.get('frame');
  if (api?.frame && api.confirm && api.cancel && api.painted) {
    bridge = electronBridge(api as SightlineOverlayApi);
  } else if (frameUrl) {
    bridge = queryBridge(params, frameUrl);
  } else {
    bridge = disconnected;
  }
  return bridge;
}
