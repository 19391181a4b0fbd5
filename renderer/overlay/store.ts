// The overlay's state: the frame, the selection (capture pixel edges), the
// cursor (the pixel under the pointer or the keyboard crosshair) and what is
// being dragged, and the language the page speaks (the app's, with the
// frame). Pointer and keyboard input both end up in these actions; what the
// page announces about them is announcements.ts's.
import { create } from 'zustand';
import { pickLanguage, type UiLanguage } from '../../common/ui-language.js';
import { describe, whyNot } from './announcements.js';
import { NotConnected, overlayBridge, type OverlayFrameInfo } from './bridge.js';
import { loadFrame } from './load-frame.js';
import {
  edgeAt,
  insideView,
  measure,
  moveBy,
  pixelAt,
  resizeBy,
  resizeWithHandle,
  spanEdges,
  spanPixels,
  toDipRect,
  toPixels,
  wholeDisplay,
  type Edges,
  type Handle,
  type Point,
  type Space,
} from './selection.js';
import { overlayWords, type OverlayWords } from './words.js';
import { messageOf } from '../../common/message-of.js';

type Phase =
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'failed'; reason: string }
  | { kind: 'confirming' }
  | { kind: 'confirmed' }
  | { kind: 'cancelled' };

type Drag =
  | { kind: 'draw'; anchor: Point }
  | { kind: 'resize'; handle: Handle; start: Edges }
  | { kind: 'move'; from: Point; start: Edges };

/** Where a pointer went down. */
export type PointerTarget = { kind: 'handle'; handle: Handle } | { kind: 'selection' } | { kind: 'background' };

export interface KeyInput {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export interface OverlayState {
  /** What the page speaks: the app's language once the frame came, the browser's until then. */
  language: UiLanguage;
  phase: Phase;
  frame: OverlayFrameInfo | null;
  image: ImageBitmap | null;
  space: Space | null;
  selection: Edges | null;
  /** The pixel under the pointer, or the keyboard crosshair; null before either is used. */
  cursor: Point | null;
  cursorFrom: 'pointer' | 'keyboard';
  drag: Drag | null;
  /** Keyboard selection in progress: the pixel where Space was pressed. */
  keyboardAnchor: Point | null;
  /** The pointer left this display while dragging. */
  offDisplay: boolean;
  /** Why the last confirm was refused, until the selection changes. */
  notice: string | null;
  /** The polite live region's text (not updated on every pointer move). */
  announcement: string;

  load(): Promise<void>;
  setView(width: number, height: number): void;
  pointerDown(local: Point, target: PointerTarget): void;
  pointerMove(local: Point): void;
  pointerUp(): void;
  pointerLeave(): void;
  key(input: KeyInput): boolean;
  selectWholeDisplay(): void;
  confirm(): Promise<void>;
  cancel(): void;
}

/** The page's words, in its language now. */
export function wordsOf(state: Pick<OverlayState, 'language'>): OverlayWords {
  return overlayWords(state.language);
}

export const useOverlayStore = create<OverlayState>((set, get) => {
  /** Applies a change from the keyboard (or a finished pointer gesture) and refreshes the announcement. */
  const settle = (change: Partial<OverlayState>) => {
    const next = { ...get(), ...change, notice: null };
    set({ ...change, notice: null, announcement: describe(wordsOf(next), next) });
  };
  const browserLanguage = pickLanguage(navigator.languages);
  const active = () => {
    const { phase, space } = get();
    return phase.kind === 'ready' && space ? space : null;
  };
  const keyboardCursor = (space: Space): Point =>
    get().cursor ?? { x: Math.floor(space.capture.width / 2), y: Math.floor(space.capture.height / 2) };

  return {
    language: browserLanguage,
    phase: { kind: 'loading' },
    frame: null,
    image: null,
    space: null,
    selection: null,
    cursor: null,
    cursorFrom: 'pointer',
    drag: null,
    keyboardAnchor: null,
    offDisplay: false,
    notice: null,
    announcement: overlayWords(browserLanguage).loading,

    async load() {
      const loaded = await loadFrame();
      if (!loaded.ok) {
        const { language, reason } = loaded;
        set({ language, phase: { kind: 'failed', reason }, announcement: reason });
        return;
      }
      const { frame, image, capture } = loaded;
      const space: Space = {
        displayId: frame.displayId,
        bounds: frame.bounds,
        scaleFactor: frame.scaleFactor,
        capture,
        view: { width: window.innerWidth, height: window.innerHeight },
      };
      const language = frame.language;
      const announcement = describe(overlayWords(language), { ...get(), space });
      set({ language, frame, image, space, phase: { kind: 'ready' }, announcement });
    },

    setView(width, height) {
      const { space } = get();
      if (space && width > 0 && height > 0) set({ space: { ...space, view: { width, height } } });
    },

    pointerDown(local, target) {
      const space = active();
      if (!space) return;
      const p = toPixels(space, local);
      const { selection } = get();
      let drag: Drag;
      if (target.kind === 'handle' && selection) drag = { kind: 'resize', handle: target.handle, start: selection };
      else if (target.kind === 'selection' && selection) drag = { kind: 'move', from: p, start: selection };
      else drag = { kind: 'draw', anchor: edgeAt(space, p) };
      set({
        drag,
        keyboardAnchor: null,
        cursor: pixelAt(space, p),
        cursorFrom: 'pointer',
        offDisplay: false,
        notice: null,
        selection: drag.kind === 'draw' ? spanEdges(drag.anchor, drag.anchor) : selection,
      });
    },

    pointerMove(local) {
      const space = active();
      if (!space) return;
      const { drag } = get();
      const p = toPixels(space, local);
      const change: Partial<OverlayState> = { cursor: pixelAt(space, p), cursorFrom: 'pointer' };
      if (drag) {
        change.offDisplay = !insideView(space, local);
        if (drag.kind === 'draw') change.selection = spanEdges(drag.anchor, edgeAt(space, p));
        else if (drag.kind === 'resize') change.selection = resizeWithHandle(drag.start, drag.handle, edgeAt(space, p));
        else {
          change.selection = moveBy(space, drag.start, Math.round(p.x - drag.from.x), Math.round(p.y - drag.from.y));
        }
      }
      set(change);
    },

    pointerUp() {
      const { drag, selection } = get();
      if (!drag) return;
      // A click without a drag selects nothing (it clears the old selection).
      const empty = selection && (selection.right === selection.left || selection.bottom === selection.top);
      settle({ drag: null, selection: drag.kind === 'draw' && empty ? null : selection });
    },

    pointerLeave() {
      if (get().drag) set({ offDisplay: true });
      else if (get().cursorFrom === 'pointer') set({ cursor: null });
    },

    key(input) {
      const { key } = input;
      if (key === 'Escape') {
        const { phase } = get();
        if (phase.kind !== 'confirmed' && phase.kind !== 'cancelled') get().cancel();
        return true;
      }
      const space = active();
      if (!space || get().drag) return key.startsWith('Arrow') || key === ' ' || key === 'Enter';
      if (key === 'Enter') {
        void get().confirm();
        return true;
      }
      if (key === 'a' || key === 'A') {
        if (input.altKey) return false;
        get().selectWholeDisplay();
        return true;
      }
      if (key === ' ') {
        const { keyboardAnchor } = get();
        if (keyboardAnchor) settle({ keyboardAnchor: null, cursorFrom: 'keyboard' });
        else {
          const cursor = keyboardCursor(space);
          settle({ keyboardAnchor: cursor, cursor, cursorFrom: 'keyboard', selection: spanPixels(cursor, cursor) });
        }
        return true;
      }
      const direction = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
      if (!direction) return false;
      const step = input.shiftKey ? 10 : 1;
      const dx = (direction[0] ?? 0) * step;
      const dy = (direction[1] ?? 0) * step;
      const { selection, keyboardAnchor } = get();
      if (input.altKey) {
        if (selection && !keyboardAnchor) settle({ selection: resizeBy(space, selection, dx, dy) });
        return true;
      }
      if (keyboardAnchor || !selection) {
        const from = keyboardCursor(space);
        const cursor = pixelAt(space, { x: from.x + dx + 0.5, y: from.y + dy + 0.5 });
        settle({
          cursor,
          cursorFrom: 'keyboard',
          selection: keyboardAnchor ? spanPixels(keyboardAnchor, cursor) : selection,
        });
        return true;
      }
      settle({ selection: moveBy(space, selection, dx, dy) });
      return true;
    },

    selectWholeDisplay() {
      const space = active();
      if (!space) return;
      settle({ selection: wholeDisplay(space), keyboardAnchor: null, drag: null });
    },

    async confirm() {
      const space = active();
      if (!space) return;
      const { selection } = get();
      const words = wordsOf(get());
      const pixels = measure(space, selection);
      if (!pixels.ok || !selection) {
        const reason = whyNot(words, selection);
        set({ keyboardAnchor: null, notice: reason, announcement: reason });
        return;
      }
      set({ keyboardAnchor: null, phase: { kind: 'confirming' }, announcement: words.capturing });
      const refused = await overlayBridge()
        .confirm({ displayId: space.displayId, dipRect: toDipRect(space, selection), pixelRect: pixels.rect })
        .then(
          (answer) => (answer.ok ? undefined : words.refused[answer.refusal]),
          (error: unknown) =>
            error instanceof NotConnected ? words.notConnected : words.confirmFailed(messageOf(error)),
        );
      if (refused === undefined) set({ phase: { kind: 'confirmed' }, announcement: words.captured });
      else set({ phase: { kind: 'ready' }, notice: refused, announcement: refused });
    },

    cancel() {
      // Main closes every overlay; until then this one takes no more input.
      const announcement = wordsOf(get()).cancelled;
      set({ phase: { kind: 'cancelled' }, drag: null, keyboardAnchor: null, announcement });
      overlayBridge().cancel();
    },
  };
});
