// The review before a capture goes to a model server: the capture fitted in a
// dialog, each finding boxed over it (its kind named on hover and focus), on
// by default; a click or Enter/Space on a box shows that area again, and a
// drag over the capture draws another box (a click on it removes it). From
// the keyboard, "Add an area" puts a box in the middle and focuses it: the
// arrow keys move it, Shift and an arrow key resize it (region-select.ts). The
// count says how many areas will be hidden. Send (or, on demand, "Hide these
// areas") has the host fill them; there is no one-click way to send without
// hiding: each box is turned off one by one. Esc or Cancel closes it, and a
// question that waited goes back where it was.
import { useEffect, useLayoutEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { captureAt } from '../../../common/conversation-captures.js';
import type { RedactionBox, SecretFinding } from '../../../common/redaction.js';
import { useSettingsStore } from '../settings/store.js';
import { useChatStore } from '../store.js';
import { captureImageUrl } from '../store/later-captures.js';
import type { SecretsReview } from '../store/state.js';
import { capturePixels, regionAfterKey, type Region } from '../region-select.js';
import './redaction.css';

/** A drag shorter than this (capture pixels) each way is a click, not a box. */
const minDrawn = 4;

interface Drawn {
  id: number;
  box: RedactionBox;
}

export function SecretsReviewDialog() {
  const review = useChatStore((state) => state.review);
  const cancelReview = useChatStore((state) => state.cancelReview);
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (review && !dialog.open) dialog.showModal();
    if (!review && dialog.open) dialog.close();
  }, [review]);
  return (
    <dialog
      ref={ref}
      className="review-dialog"
      aria-labelledby="review-title"
      onClose={() => {
        if (useChatStore.getState().review) cancelReview();
      }}
    >
      {review && <ReviewBody key={`${review.conversationId}#${review.capture}`} review={review} />}
    </dialog>
  );
}

function ReviewBody({ review }: { review: SecretsReview }) {
  const { t } = useTranslation();
  const conversation = useChatStore((state) => state.conversation);
  const imageUrl = useChatStore((state) => captureImageUrl(state, review.conversationId, review.capture));
  const confirmReview = useChatStore((state) => state.confirmReview);
  const cancelReview = useChatStore((state) => state.cancelReview);
  const backend = useSettingsStore((state) => state.view?.settings.backend);
  // A server on this computer (Ollama at 127.0.0.1): the status line says captures stay here, and so does the review.
  const loopback = useSettingsStore((state) => state.view?.privacy.sendsOffMachine === false);
  const [shown, setShown] = useState<ReadonlySet<number>>(new Set());
  const [drawn, setDrawn] = useState<Drawn[]>([]);
  /** The drawn box to focus once it shows: one just added from the keyboard. */
  const [focusDrawn, setFocusDrawn] = useState<number>();
  const addDrawn = (box: RedactionBox) => {
    const id = (drawn.at(-1)?.id ?? 0) + 1;
    setDrawn((before) => [...before, { id, box }]);
    return id;
  };
  const capture = conversation && captureAt(conversation, review.capture);
  if (!capture) return null;
  const { width, height } = capture;
  const hidden = [
    ...review.findings.filter((_, i) => !shown.has(i)).map((finding) => finding.box),
    ...drawn.map((area) => area.box),
  ];
  const waiting = review.waiting !== undefined;
  const server = backend && backend.kind !== 'local' ? t(`privacy.server.${backend.kind}`) : '';
  const status =
    review.phase === 'finding'
      ? t('redaction.finding')
      : !review.textRead
        ? t('redaction.textFailed')
        : review.findings.length === 0 && drawn.length === 0
          ? t('redaction.nothingFound')
          : t('redaction.howTo');
  return (
    <form
      className="review"
      method="dialog"
      onSubmit={(event) => {
        event.preventDefault();
        void confirmReview(hidden);
      }}
    >
      <div className="review-header">
        <h2 id="review-title">{t(waiting ? 'redaction.reviewTitle' : 'redaction.reviewTitleOnDemand')}</h2>
        <p className="review-lede">
          {waiting
            ? t(loopback ? 'redaction.ledeLoopback' : 'redaction.lede', { server })
            : t('redaction.ledeOnDemand')}
        </p>
      </div>
      <div className="review-body">
        <ReviewCanvas
          imageUrl={imageUrl}
          width={width}
          height={height}
          findings={review.findings}
          shown={shown}
          drawn={drawn}
          onToggle={(index) =>
            setShown((before) => {
              const next = new Set(before);
              if (!next.delete(index)) next.add(index);
              return next;
            })
          }
          onDraw={addDrawn}
          onMove={(id, box) => setDrawn((before) => before.map((area) => (area.id === id ? { id, box } : area)))}
          onRemove={(id) => setDrawn((before) => before.filter((area) => area.id !== id))}
          focusDrawn={focusDrawn}
        />
      </div>
      <div className="review-footer">
        <div className="review-status">
          <p className="review-count" aria-live="polite">
            {review.phase === 'finding'
              ? ''
              : hidden.length === 0
                ? t('redaction.hiddenNone')
                : t('redaction.hiddenCount', { count: hidden.length })}
          </p>
          <p className="review-hint" role={review.error ? 'alert' : undefined}>
            {review.error ?? status}
          </p>
        </div>
        <div className="dialog-buttons">
          <button
            type="button"
            disabled={review.phase !== 'ready'}
            onClick={() => setFocusDrawn(addDrawn(capturePixels(addedRegion, { width, height })))}
          >
            {t('redaction.addArea')}
          </button>
          <button type="button" onClick={cancelReview}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="primary" disabled={review.phase !== 'ready'}>
            {review.phase === 'hiding' ? t('redaction.hiding') : t(waiting ? 'redaction.send' : 'redaction.hide')}
          </button>
        </div>
      </div>
    </form>
  );
}

/** The capture with its boxes over it, and the drag that draws a box. */
function ReviewCanvas(props: {
  imageUrl: string | undefined;
  width: number;
  height: number;
  findings: SecretFinding[];
  shown: ReadonlySet<number>;
  drawn: Drawn[];
  onToggle(index: number): void;
  onDraw(box: RedactionBox): void;
  onMove(id: number, box: RedactionBox): void;
  onRemove(id: number): void;
  focusDrawn: number | undefined;
}) {
  const { t } = useTranslation();
  const surface = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ from: { x: number; y: number }; to: { x: number; y: number } }>();
  const { width, height } = props;
  // The capture's pixels under a pointer.
  const at = (event: ReactPointerEvent) => {
    const rect = surface.current!.getBoundingClientRect();
    return {
      x: Math.max(0, Math.min(width, ((event.clientX - rect.left) / rect.width) * width)),
      y: Math.max(0, Math.min(height, ((event.clientY - rect.top) / rect.height) * height)),
    };
  };
  useEffect(() => setDrag(undefined), [props.imageUrl]);
  useEffect(() => {
    if (props.focusDrawn === undefined) return;
    surface.current?.querySelector<HTMLElement>(`[data-drawn="${props.focusDrawn}"]`)?.focus();
  }, [props.focusDrawn]);
  // A drawn box as fractions of the capture, moved or resized by an arrow key, and back in its pixels.
  const afterKey = (box: RedactionBox, key: string, resize: boolean): RedactionBox | undefined => {
    const region: Region = {
      left: box.x / width,
      top: box.y / height,
      right: (box.x + box.width) / width,
      bottom: (box.y + box.height) / height,
    };
    const next = regionAfterKey(region, key, resize);
    return next && capturePixels(next, { width, height });
  };
  const dragBox = drag && boxBetween(drag.from, drag.to);
  const place = (box: RedactionBox) => ({
    left: `${(box.x / width) * 100}%`,
    top: `${(box.y / height) * 100}%`,
    width: `${(box.width / width) * 100}%`,
    height: `${(box.height / height) * 100}%`,
  });
  return (
    <div
      ref={surface}
      className="review-image"
      style={{ aspectRatio: `${width} / ${height}`, maxWidth: `${width / devicePixelRatio}px` }}
      role="group"
      aria-label={t('redaction.canvasLabel')}
      onPointerDown={(event) => {
        if (event.button !== 0 || event.target !== event.currentTarget) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        const point = at(event);
        setDrag({ from: point, to: point });
      }}
      onPointerMove={(event) => {
        if (drag) setDrag({ ...drag, to: at(event) });
      }}
      onPointerUp={(event) => {
        if (!drag) return;
        const box = boxBetween(drag.from, at(event));
        setDrag(undefined);
        if (box.width >= minDrawn && box.height >= minDrawn) props.onDraw(box);
      }}
      onPointerCancel={() => setDrag(undefined)}
    >
      {props.imageUrl && <img src={props.imageUrl} alt="" draggable={false} />}
      {props.findings.map((finding, index) => {
        const hidden = !props.shown.has(index);
        const kind = t(`redaction.kind.${finding.kind}`);
        return (
          <button
            key={`finding-${index}`}
            type="button"
            className="review-box"
            data-kind={finding.kind}
            aria-pressed={hidden}
            aria-label={t(hidden ? 'redaction.boxHidden' : 'redaction.boxShown', { kind })}
            style={place(finding.box)}
            onClick={() => props.onToggle(index)}
          >
            <span className="review-box-label" aria-hidden="true">
              {kind}
            </span>
          </button>
        );
      })}
      {props.drawn.map((area) => (
        <button
          key={`drawn-${area.id}`}
          type="button"
          className="review-box review-box-drawn"
          aria-pressed="true"
          aria-label={t('redaction.drawnRemove')}
          data-drawn={area.id}
          style={place(area.box)}
          onClick={() => props.onRemove(area.id)}
          onKeyDown={(event) => {
            if (event.key === 'Delete' || event.key === 'Backspace') {
              event.preventDefault();
              props.onRemove(area.id);
              return;
            }
            const box = afterKey(area.box, event.key, event.shiftKey);
            if (!box) return;
            event.preventDefault();
            props.onMove(area.id, box);
          }}
        >
          <span className="review-box-label" aria-hidden="true">
            {t('redaction.kind.drawn')} ×
          </span>
        </button>
      ))}
      {dragBox && <span className="review-drag" style={place(dragBox)} aria-hidden="true" />}
    </div>
  );
}

/** Where "Add an area" puts its box: a band across the middle, to move and resize from there. */
const addedRegion: Region = { left: 0.3, top: 0.45, right: 0.7, bottom: 0.55 };

/** The box between two points, in whole capture pixels. */
function boxBetween(a: { x: number; y: number }, b: { x: number; y: number }): RedactionBox {
  const x = Math.floor(Math.min(a.x, b.x));
  const y = Math.floor(Math.min(a.y, b.y));
  return {
    x,
    y,
    width: Math.max(1, Math.ceil(Math.max(a.x, b.x)) - x),
    height: Math.max(1, Math.ceil(Math.max(a.y, b.y)) - y),
  };
}
