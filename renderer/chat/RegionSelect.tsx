// The surface over the zoomed capture where a part of it is selected for a
// closer look: drag with a pointer (a click without a drag clears it), or,
// from the keyboard, the selection itself takes the focus and the arrow keys
// move it (Shift and an arrow key resize it). Outside the selection the
// capture is dimmed. The region is kept as fractions (region-select.ts).
import { useRef, useState, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { fractionIn, regionAfterKey, regionBetween, type Region } from './region-select.js';
import './later-captures.css';

/** A drag shorter than this (CSS pixels, both ways) is a click. */
const minimumDrag = 4;

export function RegionSelect({
  region,
  onChange,
  size,
  regionRef,
}: {
  region: Region | undefined;
  onChange: (region: Region | undefined) => void;
  /** The region's size in the capture's pixels, for its accessible name. */
  size: { width: number; height: number } | undefined;
  regionRef: RefObject<HTMLDivElement | null>;
}) {
  const { t } = useTranslation();
  const surface = useRef<HTMLDivElement>(null);
  const start = useRef<{ x: number; y: number; clientX: number; clientY: number } | undefined>(undefined);
  const [dragging, setDragging] = useState(false);

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    const box = surface.current;
    if (!box || event.button !== 0) return;
    event.preventDefault();
    box.setPointerCapture(event.pointerId);
    start.current = {
      ...fractionIn(box, event.clientX, event.clientY),
      clientX: event.clientX,
      clientY: event.clientY,
    };
    setDragging(true);
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const box = surface.current;
    const from = start.current;
    if (!box || !from) return;
    if (Math.abs(event.clientX - from.clientX) < minimumDrag && Math.abs(event.clientY - from.clientY) < minimumDrag)
      return;
    onChange(regionBetween(from, fractionIn(box, event.clientX, event.clientY)));
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    const from = start.current;
    start.current = undefined;
    setDragging(false);
    if (!from) return;
    const moved =
      Math.abs(event.clientX - from.clientX) >= minimumDrag || Math.abs(event.clientY - from.clientY) >= minimumDrag;
    if (!moved) onChange(undefined);
    // The selection takes the focus, so the keyboard can adjust it and Tab reaches "Look closer".
    else regionRef.current?.focus({ preventScroll: true });
  };

  return (
    <div
      ref={surface}
      className={`region-surface${region ? ' region-active' : ''}${dragging ? ' region-dragging' : ''}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        start.current = undefined;
        setDragging(false);
      }}
    >
      {region && (
        <div
          ref={regionRef}
          className="region"
          tabIndex={0}
          role="application"
          aria-label={size ? t('closerLook.region', size) : undefined}
          style={{
            left: `${region.left * 100}%`,
            top: `${region.top * 100}%`,
            width: `${(region.right - region.left) * 100}%`,
            height: `${(region.bottom - region.top) * 100}%`,
          }}
          onKeyDown={(event) => {
            const next = regionAfterKey(region, event.key, event.shiftKey);
            if (!next) return;
            event.preventDefault();
            onChange(next);
          }}
        />
      )}
    </div>
  );
}
