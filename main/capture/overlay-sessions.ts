// The overlays of one capture: a window per display, each showing its own
// frozen frame, the first confirmed selection wins, and a cancel from any of
// them (or the hotkey again, or a window closed) closes them all. Windows are
// made by an injected factory, so this runs and is tested without Electron.
import type { CaptureSize, DisplayGeometry } from '../../common/geometry.js';
import { selectionToCapturePixels } from '../../common/geometry.js';
import type { FrameImage, OverlayConfirmReply, OverlayFrame, OverlaySelection } from '../../common/overlay-contract.js';
import type { UiLanguage } from '../../common/ui-language.js';
import type { DisplayCapture } from './capture-adapter.js';
import type { OverlayPort, Selection } from './capture-flow.js';

export interface OverlayWindow {
  /** The id main sees as the IPC sender (webContents.id). */
  readonly senderId: number;
  /** Shows the window once its page has painted the frame (until then it stays hidden). */
  show(): void;
  close(): void;
}

export interface OverlayWindowFactory {
  /** Opens a window covering `display`; `onClosed` fires if it closes by any other way. */
  open(display: DisplayGeometry, onClosed: () => void): OverlayWindow;
}

interface Session {
  windows: Map<number, { window: OverlayWindow; display: DisplayGeometry; capture: DisplayCapture }>;
  resolve(selection: Selection | undefined): void;
  closing: boolean;
}

/**
 * The frame as the IPC clones it: a view of part of a larger buffer (a Node
 * Buffer's pool) is copied, since a clone would carry the whole buffer; a
 * frame that owns its buffer (a raw RGBA frame, 33 MB at 4K) goes as it is.
 */
function wholeBuffer(image: FrameImage): FrameImage {
  const { bytes } = image;
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return image;
  return { ...image, bytes: bytes.slice() };
}

export class OverlaySessions implements OverlayPort {
  private session: Session | undefined;

  constructor(
    private readonly factory: OverlayWindowFactory,
    /** The language the overlays speak: the app's, when the frame is asked for. */
    private readonly language: () => UiLanguage,
  ) {}

  select(captures: readonly DisplayCapture[], displays: readonly DisplayGeometry[]): Promise<Selection | undefined> {
    this.cancel();
    return new Promise((resolve) => {
      const session: Session = { windows: new Map(), resolve, closing: false };
      this.session = session;
      for (const display of displays) {
        const capture = captures.find((candidate) => candidate.displayId === display.id);
        if (!capture) continue;
        const window = this.factory.open(display, () => {
          // Closed by the system or the user (Alt+F4): that is a cancel.
          if (!session.closing) this.finish(session, undefined);
        });
        session.windows.set(window.senderId, { window, display, capture });
      }
      if (session.windows.size === 0) this.finish(session, undefined);
    });
  }

  cancel(): void {
    if (this.session) this.finish(this.session, undefined);
  }

  /** `overlay:frame` from a window: its own display and frame; undefined for a sender that is no overlay of ours. */
  frame(senderId: number): OverlayFrame | undefined {
    const entry = this.session?.windows.get(senderId);
    if (!entry) return undefined;
    const { display, capture } = entry;
    return {
      displayId: display.id,
      bounds: display.bounds,
      scaleFactor: display.scaleFactor,
      captureSize: { width: capture.width, height: capture.height },
      language: this.language(),
      image: wholeBuffer(capture.image),
    };
  }

  /** `overlay:painted` from a window: its frame is on the page, so the window can appear. */
  painted(senderId: number): void {
    this.session?.windows.get(senderId)?.window.show();
  }

  /** `overlay:confirm`: accepted when it comes from the overlay of that display and selects something. */
  confirm(senderId: number, selection: OverlaySelection): OverlayConfirmReply {
    const session = this.session;
    const entry = session?.windows.get(senderId);
    if (!session || !entry) {
      return { ok: false, refusal: 'capture-over', reason: 'This capture is over. Capture again.' };
    }
    if (entry.display.id !== selection.displayId) {
      return { ok: false, refusal: 'other-display', reason: 'A selection must stay on one display.' };
    }
    const size: CaptureSize = { width: entry.capture.width, height: entry.capture.height };
    const pixels = selectionToCapturePixels(selection.dipRect, entry.display, size);
    if (!pixels.ok) return { ok: false, refusal: 'bad-selection', reason: pixels.reason };
    const shown = selection.pixelRect;
    if (
      shown.x !== pixels.rect.x ||
      shown.y !== pixels.rect.y ||
      shown.width !== pixels.rect.width ||
      shown.height !== pixels.rect.height
    ) {
      // Main's crop is what counts; a page showing other numbers is a bug worth hearing about.
      console.warn(
        `Sightline: the overlay showed ${JSON.stringify(shown)} but the crop is ${JSON.stringify(pixels.rect)}`,
      );
    }
    this.finish(session, { displayId: selection.displayId, dipRect: selection.dipRect });
    return { ok: true };
  }

  private finish(session: Session, selection: Selection | undefined): void {
    if (session.closing) return;
    session.closing = true;
    if (this.session === session) this.session = undefined;
    for (const { window } of session.windows.values()) window.close();
    session.resolve(selection);
  }
}
