// The region selector painted over each display's frozen frame: drag, move,
// resize, or use the keyboard alone; a magnifier shows the pixels under the
// cursor and a readout shows the selection in device pixels, exactly what
// main will crop. Every word is in the app's language (words.ts).
import { useEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import { overlayBridge } from './bridge.js';
import { Magnifier } from './Magnifier.js';
import { FrameCanvas } from './FrameCanvas.js';
import { handles, measure, pixelToCss, toCss, type Handle } from './selection.js';
import { whyNot } from './announcements.js';
import { useOverlayStore, wordsOf, type PointerTarget } from './store.js';

function targetOf(element: EventTarget | null): PointerTarget {
  if (!(element instanceof Element)) return { kind: 'background' };
  const handle = element.closest<HTMLElement>('[data-handle]')?.dataset.handle;
  if (handle) return { kind: 'handle', handle: handle as Handle };
  if (element.closest('.overlay-selection')) return { kind: 'selection' };
  return { kind: 'background' };
}

function local(root: HTMLElement, event: { clientX: number; clientY: number }) {
  const box = root.getBoundingClientRect();
  return { x: event.clientX - box.left, y: event.clientY - box.top };
}

export function Overlay() {
  const rootRef = useRef<HTMLDivElement>(null);
  const state = useOverlayStore();
  const { phase, space, selection, cursor, drag, offDisplay, notice, language } = state;
  const words = wordsOf(state);

  useEffect(() => {
    void useOverlayStore.getState().load();
  }, []);

  // A screen reader reads the page in its language; the title names the window.
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = words.pageTitle;
  }, [language, words]);

  // Once the frame (or the error) is committed, two frames later it is on
  // screen: only then does the app show this window.
  const settled = phase.kind !== 'loading';
  useEffect(() => {
    if (!settled) return;
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => overlayBridge().painted());
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [settled]);

  useEffect(() => {
    rootRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.isComposing) return;
      if (useOverlayStore.getState().key(event)) event.preventDefault();
    };
    const onResize = () => useOverlayStore.getState().setView(window.innerWidth, window.innerHeight);
    window.addEventListener('keydown', onKey);
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('resize', onResize);
    };
  }, []);

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.button !== 0 || !rootRef.current) return;
    event.preventDefault();
    rootRef.current.setPointerCapture(event.pointerId);
    rootRef.current.focus();
    state.pointerDown(local(rootRef.current, event), targetOf(event.target));
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (rootRef.current) state.pointerMove(local(rootRef.current, event));
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (rootRef.current?.hasPointerCapture(event.pointerId)) rootRef.current.releasePointerCapture(event.pointerId);
    state.pointerUp();
  };

  const size = space && selection ? measure(space, selection) : null;
  const box = space && selection ? toCss(space, selection) : null;
  const keyboardCursor = space && cursor && state.cursorFrom === 'keyboard' ? pixelToCss(space, cursor) : null;
  const pixel = space
    ? { x: space.view.width / space.capture.width, y: space.view.height / space.capture.height }
    : null;

  let readout: string | null = null;
  if (size) readout = size.ok ? words.size(size.rect.width, size.rect.height) : whyNot(words, selection);

  return (
    <div
      ref={rootRef}
      className={`overlay${drag ? ` overlay-dragging-${drag.kind}` : ''}`}
      role="application"
      aria-label={words.label}
      aria-describedby="overlay-help"
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onPointerLeave={() => state.pointerLeave()}
      onDoubleClick={() => void state.confirm()}
      onContextMenu={(event) => event.preventDefault()}
    >
      {state.image && phase.kind !== 'failed' && <FrameCanvas image={state.image} />}
      {!box && <div className="overlay-dim" aria-hidden="true" />}
      {box && (
        <div
          className="overlay-selection"
          aria-hidden="true"
          style={{ left: box.x, top: box.y, width: box.width, height: box.height }}
        >
          {!drag &&
            handles.map((handle) => (
              <div key={handle} className={`overlay-handle overlay-handle-${handle}`} data-handle={handle} />
            ))}
        </div>
      )}
      {box && (
        <div
          className="overlay-readout"
          data-testid="overlay-readout"
          style={{ left: box.x, top: box.y > 40 ? box.y - 34 : box.y + box.height + 6 }}
        >
          <span className="overlay-size">{readout}</span>
          {size?.ok && <span className="overlay-position">{words.at(size.rect.x, size.rect.y)}</span>}
          {drag && offDisplay && <span className="overlay-warning"> · {words.offDisplay}</span>}
        </div>
      )}
      {keyboardCursor && pixel && (
        <>
          <div
            className="overlay-crosshair overlay-crosshair-x"
            aria-hidden="true"
            style={{ top: keyboardCursor.y, height: Math.max(1, pixel.y) }}
          />
          <div
            className="overlay-crosshair overlay-crosshair-y"
            aria-hidden="true"
            style={{ left: keyboardCursor.x, width: Math.max(1, pixel.x) }}
          />
        </>
      )}
      {space && state.image && cursor && phase.kind === 'ready' && (
        <Magnifier image={state.image} space={space} cursor={cursor} />
      )}
      <p id="overlay-instructions" className="overlay-hint">
        {phase.kind === 'failed' ? phase.reason : words.hint}
      </p>
      {notice && (
        <p className="overlay-notice" role="alert">
          {notice}
        </p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {state.announcement}
      </p>
      <p className="visually-hidden" id="overlay-help">
        {words.instructions}
      </p>
    </div>
  );
}
