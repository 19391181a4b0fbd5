// The last region the user selected on an overlay, kept for the repeat
// shortcut: which display it was on, the rectangle in that display's DIPs and
// in its capture's pixels (with the capture's size then, to tell when the
// resolution changed), and the conversation it opened. In memory only: a
// region from an earlier run may no longer be on screen at all.
import type { CaptureSize, DisplayGeometry, Rect } from '../../common/geometry.js';

export interface RememberedRegion {
  /** The display the region was selected on, as it was then. */
  display: DisplayGeometry;
  /** The selection in global DIP coordinates. */
  dipRect: Rect;
  /** The same rectangle in the display's capture pixels: what a repeat crops. */
  pixelRect: Rect;
  /** The display's capture size when it was selected. */
  captureSize: CaptureSize;
  /** The conversation its latest capture is in, once that opened. */
  conversationId?: string;
}

export class RegionMemory {
  private region: RememberedRegion | undefined;
  private readonly listeners = new Set<() => void>();

  /** The region a repeat captures again; undefined until the user selects one. */
  get last(): RememberedRegion | undefined {
    return this.region;
  }

  /** A region selected on an overlay: the one to repeat from now on. */
  remember(region: RememberedRegion): void {
    const first = this.region === undefined;
    this.region = region;
    if (first) for (const listener of this.listeners) listener();
  }

  /** The capture of `region` is now in `conversationId` (unless another region was selected since). */
  opened(region: RememberedRegion, conversationId: string): void {
    if (this.region === region) region.conversationId = conversationId;
  }

  /** Called once, when the first region is remembered (the tray's repeat item becomes available). */
  onFirstRegion(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
