// The capture flow, from the hotkey to a conversation: hide our own windows
// (a capture never shows Sightline itself), freeze every display, let the user
// select on the overlays, cut the region out (from the adapter's raw pixels,
// else in the engine: crop-region.ts), and hand it to the chat window. The region is remembered for the repeat shortcut
// (repeat-flow.ts). Electron is behind the injected ports, so the flow is
// tested with fakes; pressing the hotkey again while the overlays are up
// cancels.
import { selectionToCapturePixels, type DisplayGeometry, type Rect } from '../../common/geometry.js';
import {
  captureFailureOf,
  type CaptureAdapter,
  type CaptureFailure,
  type DisplayCapture,
  type RegionPng,
} from './capture-adapter.js';
import { cropRegion, type EngineCrop } from './crop-region.js';
import { messageOf } from '../../common/message-of.js';
import type { RegionMemory } from './region-memory.js';

export interface Selection {
  displayId: string;
  /** The selected rectangle in global DIP coordinates. */
  dipRect: Rect;
}

export interface OverlayPort {
  /** Shows one overlay per display, painted with its frame; resolves with the selection or undefined when cancelled. */
  select(captures: readonly DisplayCapture[], displays: readonly DisplayGeometry[]): Promise<Selection | undefined>;
  /** Closes every overlay at once (hotkey pressed again, Esc, an error). */
  cancel(): void;
}

export interface CapturedRegion {
  png: Uint8Array;
  width: number;
  height: number;
  displayId: string;
}

export interface CaptureFlowPorts {
  displays(): DisplayGeometry[];
  adapter: CaptureAdapter;
  /** macOS: 'denied' when Sightline may not record the screen (captures would be black). */
  screenAccess(): 'granted' | 'denied' | 'not-needed';
  /** Hides Sightline's windows; returns a function that shows them again. */
  hideOwnWindows(): Promise<() => void>;
  overlays: OverlayPort;
  /** The engine's crop of a frame's PNG, where the adapter no longer holds the raw pixels. */
  crop: EngineCrop;
  /**
   * The region becomes a new conversation in the chat window; resolves with
   * its id, or undefined when it could not open (the port told the user).
   */
  openConversation(region: CapturedRegion): Promise<string | undefined>;
  /** Where the selected region is kept for the repeat shortcut. */
  regions: RegionMemory;
  /** A problem the user must hear about, in words (and what to do). */
  report(problem: CaptureProblem): void;
}

export type CaptureProblem =
  | { kind: 'screen-access-denied' }
  /** `message`: the English account with its technical cause; `failure`: what main words in the app's language. */
  | { kind: 'capture-failed'; message: string; failure: CaptureFailure }
  | { kind: 'bad-selection'; message: string };

/** A capture (or its crop) that threw, as the problem the user hears about. */
export function captureFailed(error: unknown): CaptureProblem {
  return { kind: 'capture-failed', message: messageOf(error), failure: captureFailureOf(error) };
}

export type CaptureOutcome = 'captured' | 'cancelled' | 'failed';

export class CaptureFlow {
  private running: Promise<CaptureOutcome> | undefined;

  constructor(private readonly ports: CaptureFlowPorts) {}

  get active(): boolean {
    return this.running !== undefined;
  }

  /** The hotkey or the tray item: starts a capture, or cancels the one on screen. */
  trigger(): Promise<CaptureOutcome> {
    if (this.running) {
      this.ports.overlays.cancel();
      return this.running;
    }
    const run = this.run().finally(() => {
      this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async run(): Promise<CaptureOutcome> {
    if (this.ports.screenAccess() === 'denied') {
      this.ports.report({ kind: 'screen-access-denied' });
      return 'failed';
    }
    const displays = this.ports.displays();
    const restore = await this.ports.hideOwnWindows();
    let captures: DisplayCapture[];
    try {
      // Every display is frozen before any overlay appears.
      captures = await this.ports.adapter.captureAll(displays);
    } catch (error) {
      restore();
      this.ports.report(captureFailed(error));
      return 'failed';
    }
    let selection: Selection | undefined;
    try {
      selection = await this.ports.overlays.select(captures, displays);
    } finally {
      restore();
    }
    if (!selection) return 'cancelled';
    const display = displays.find((candidate) => candidate.id === selection.displayId);
    const capture = captures.find((candidate) => candidate.displayId === selection.displayId);
    if (!display || !capture) {
      this.ports.report({
        kind: 'bad-selection',
        message: 'The selected display is no longer connected. Capture again.',
      });
      return 'failed';
    }
    const pixels = selectionToCapturePixels(selection.dipRect, display, capture);
    if (!pixels.ok) {
      this.ports.report({ kind: 'bad-selection', message: pixels.reason });
      return 'failed';
    }
    let region: RegionPng;
    try {
      region = await cropRegion(capture, pixels.rect, this.ports.crop);
    } catch (error) {
      this.ports.report(captureFailed(error));
      return 'failed';
    }
    const remembered = {
      display,
      dipRect: selection.dipRect,
      pixelRect: pixels.rect,
      captureSize: { width: capture.width, height: capture.height },
    };
    this.ports.regions.remember(remembered);
    // Awaited, so the region names the conversation it opened before the capture ends (a repeat pressed meanwhile is ignored).
    const conversationId = await this.ports.openConversation({ ...region, displayId: display.id });
    if (conversationId === undefined) return 'failed';
    this.ports.regions.opened(remembered, conversationId);
    return 'captured';
  }
}
