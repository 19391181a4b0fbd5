// The repeat shortcut: the last selected region (region-memory.ts) captured
// again without the overlay — for watching a build log or a changing UI. It
// hides Sightline's windows as a capture does, grabs only that region's
// display, crops the same rectangle of capture pixels, and opens it in the
// same conversation or a new one (the user's setting). When the region can
// no longer be taken the same way (no region yet, its display unplugged, the
// resolution changed) the user is told why and offered a normal capture.
// Electron is behind the ports, so it is tested with fakes.
import type { DisplayGeometry } from '../../common/geometry.js';
import type { RepeatInto } from '../../common/settings.js';
import type { CaptureAdapter, DisplayCapture, RegionPng } from './capture-adapter.js';
import { cropRegion, type EngineCrop } from './crop-region.js';
import { captureFailed, type CapturedRegion, type CaptureProblem } from './capture-flow.js';
import type { RegionMemory, RememberedRegion } from './region-memory.js';

/** Where a repeated capture goes: a new conversation, or the one the region's last capture is in. */
export type RepeatTarget = { into: 'new-conversation' } | { into: 'same-conversation'; conversationId: string };

/**
 * What opening a repeated capture came to: the conversation it is in; 'gone'
 * when the conversation to add it to was deleted; undefined when it could
 * not open (the port told the user).
 */
export type RepeatOpened = string | 'gone' | undefined;

export interface RepeatFlowPorts {
  displays(): DisplayGeometry[];
  adapter: CaptureAdapter;
  screenAccess(): 'granted' | 'denied' | 'not-needed';
  /** Hides Sightline's windows; returns a function that shows them again. */
  hideOwnWindows(): Promise<() => void>;
  /** The engine's crop of a frame's PNG, where the adapter no longer holds the raw pixels. */
  crop: EngineCrop;
  regions: RegionMemory;
  /** True while a capture runs (its overlays are up): a repeat then does nothing. */
  capturing(): boolean;
  /** The user's choice now: the same conversation or a new one. */
  into(): Promise<RepeatInto> | RepeatInto;
  /** Opens the region in the chat window, where `target` says (the chat window shows it). */
  open(region: CapturedRegion, target: RepeatTarget): Promise<RepeatOpened>;
  report(problem: RepeatProblem): void;
}

/** A capture's problems, and those of a region that cannot be taken again as it was. */
export type RepeatProblem =
  CaptureProblem | { kind: 'no-region' } | { kind: 'display-gone' } | { kind: 'region-changed' };

/** 'ignored': a capture or another repeat was running. */
export type RepeatOutcome = 'captured' | 'ignored' | 'failed';

export class RepeatFlow {
  private running = false;

  constructor(private readonly ports: RepeatFlowPorts) {}

  /** The repeat shortcut or the tray item. */
  async trigger(): Promise<RepeatOutcome> {
    // Pressed during a capture: the overlays are the user's, and their selection is the next region.
    if (this.running || this.ports.capturing()) return 'ignored';
    this.running = true;
    try {
      return await this.run();
    } finally {
      this.running = false;
    }
  }

  private async run(): Promise<RepeatOutcome> {
    const region = this.ports.regions.last;
    if (!region) return this.fail({ kind: 'no-region' });
    if (this.ports.screenAccess() === 'denied') return this.fail({ kind: 'screen-access-denied' });
    const display = this.ports.displays().find((candidate) => candidate.id === region.display.id);
    if (!display) return this.fail({ kind: 'display-gone' });

    const restore = await this.ports.hideOwnWindows();
    let capture: DisplayCapture | undefined;
    try {
      // Only that display: the others are not needed, and each costs time.
      const captures = await this.ports.adapter.captureAll([display]);
      capture = captures.find((candidate) => candidate.displayId === display.id);
    } catch (error) {
      return this.fail(captureFailed(error));
    } finally {
      restore();
    }
    if (!capture) return this.fail({ kind: 'display-gone' });
    // Another resolution (or scale) lays the screen out anew: the same pixels would show something else.
    if (capture.width !== region.captureSize.width || capture.height !== region.captureSize.height) {
      return this.fail({ kind: 'region-changed' });
    }

    let cropped: RegionPng;
    try {
      cropped = await cropRegion(capture, region.pixelRect, this.ports.crop);
    } catch (error) {
      return this.fail(captureFailed(error));
    }
    const opened = await this.open({ ...cropped, displayId: display.id }, region);
    if (opened === undefined) return 'failed';
    this.ports.regions.opened(region, opened);
    return 'captured';
  }

  private async open(captured: CapturedRegion, region: RememberedRegion): Promise<string | undefined> {
    const conversationId = region.conversationId;
    if ((await this.ports.into()) === 'same-conversation' && conversationId !== undefined) {
      const opened = await this.ports.open(captured, { into: 'same-conversation', conversationId });
      if (opened !== 'gone') return opened;
      // The conversation was deleted meanwhile: the capture starts a new one.
    }
    const opened = await this.ports.open(captured, { into: 'new-conversation' });
    return opened === 'gone' ? undefined : opened;
  }

  private fail(problem: RepeatProblem): 'failed' {
    this.ports.report(problem);
    return 'failed';
  }
}
