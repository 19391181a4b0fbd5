// A capture whole, in its dialog — the conversation's first or a later one
// (a closer look, the same region captured again): fitted to the window
// (never larger than its size on screen, capture pixels over the display's
// scale), so a narrow panel shows all of it; "Actual size", offered when it
// had to shrink, shows it at its size on screen, to scroll. With "Show text"
// on, the first capture's text lies over it, to select and copy. Dragging
// over it selects a part, which "Look closer" (LookCloserBar.tsx) cuts out
// of the full-resolution capture and asks about; Esc clears a selection
// before it closes the zoom.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, LaterCapture } from '../../common/conversation.js';
import { captureAt } from '../../common/conversation-captures.js';
import { ShowTextButton, useCaptureText } from './CaptureCard.js';
import { LookCloserBar } from './LookCloserBar.js';
import { RegionSelect } from './RegionSelect.js';
import { capturePixels, type Region } from './region-select.js';
import { useChatStore } from './store.js';
import { captureImageUrl } from './store/later-captures.js';
import { HideSecretsLink } from './redaction/RedactionLine.js';
import { TextOverCapture } from './TextOverCapture.js';
import './capture.css';

export function CaptureZoom({ conversation, index = 0 }: { conversation: Conversation; index?: number }) {
  const { t } = useTranslation();
  const imageUrl = useChatStore((state) => captureImageUrl(state, conversation.id, index));
  const closeDialog = useChatStore((state) => state.closeDialog);
  const text = useCaptureText(conversation.id);
  const showText = useChatStore((state) => state.showCaptureText);
  const image = useRef<HTMLImageElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const regionBox = useRef<HTMLDivElement>(null);
  const [actualSize, setActualSize] = useState(false);
  const [region, setRegion] = useState<Region | undefined>(undefined);
  const capture = captureAt(conversation, index) ?? conversation.capture;
  const { width, height } = capture;
  const onScreen = { width: width / devicePixelRatio, height: height / devicePixelRatio };
  const fits = useFits(body, onScreen);
  // The text layer is the first capture's: a later capture shows none.
  const read = index === 0 && text?.state === 'read' && text.text.lines.length > 0 ? text.text : undefined;
  // The image's size on screen and its shape, for the fitted size in chat.css (.zoom-image).
  const size = { '--natural-width': `${onScreen.width}px`, '--aspect': `${width} / ${height}` } as CSSProperties;
  // The zoom shows a scaled image: the region goes to the capture's own pixels by its natural size.
  const natural = { width: image.current?.naturalWidth || width, height: image.current?.naturalHeight || height };
  const rect = region && capturePixels(region, natural);
  const clearRegion = useCallback(() => setRegion(undefined), []);
  useClearOnEscape(body, region !== undefined, clearRegion);
  return (
    <>
      <div className="zoom-header">
        <h2 id="zoom-title">{zoomTitle(t, capture, index)}</h2>
        <div className="zoom-buttons">
          {read && <ShowTextButton />}
          <HideSecretsLink conversation={conversation} capture={index} inZoom />
          {!fits && (
            <button type="button" aria-pressed={actualSize} onClick={() => setActualSize((actual) => !actual)}>
              {t('capture.actualSize')}
            </button>
          )}
          <button type="button" onClick={closeDialog} autoFocus>
            {t('capture.close')}
          </button>
        </div>
      </div>
      <LookCloserBar
        capture={index}
        rect={rect}
        onSelect={(next) => {
          setRegion(next);
          requestAnimationFrame(() => regionBox.current?.focus());
        }}
        onClear={clearRegion}
      />
      <div ref={body} className={`zoom-body${actualSize && !fits ? ' zoom-actual' : ''}`}>
        {imageUrl && (
          <div className="zoom-image" style={size}>
            <img ref={image} src={imageUrl} alt={t('capture.alt')} width={width} height={height} />
            <RegionSelect region={region} onChange={setRegion} size={rect} regionRef={regionBox} />
            {showText && read && <TextOverCapture text={read} image={image} />}
          </div>
        )}
      </div>
    </>
  );
}

function zoomTitle(
  t: (key: string, options: Record<string, unknown>) => string,
  capture: { width: number; height: number } & Partial<Pick<LaterCapture, 'origin'>>,
  index: number,
): string {
  const { width, height } = capture;
  if (index === 0) return t('capture.zoomTitle', { width, height });
  return t(capture.origin === 'repeat' ? 'closerLook.zoomTitleRepeat' : 'closerLook.zoomTitle', { width, height });
}

/** Esc with a selection clears it, and the zoom stays open (the dialog closes on the next Esc). */
function useClearOnEscape(inside: RefObject<HTMLElement | null>, selected: boolean, clear: () => void): void {
  useEffect(() => {
    const dialog = inside.current?.closest('dialog');
    if (!dialog || !selected) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.isComposing) return;
      event.preventDefault();
      event.stopPropagation();
      clear();
    };
    // A dialog asked to close by Esc: refused while there is a selection to clear.
    const onCancel = (event: Event) => event.preventDefault();
    dialog.addEventListener('keydown', onKey);
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('keydown', onKey);
      dialog.removeEventListener('cancel', onCancel);
    };
  }, [inside, selected, clear]);
}

/** Whether a box of this size fits in the element (it follows the element's size). */
function useFits(element: RefObject<HTMLElement | null>, size: { width: number; height: number }): boolean {
  const [fits, setFits] = useState(true);
  useLayoutEffect(() => {
    const box = element.current;
    if (!box) return;
    const measure = () => setFits(size.width <= box.clientWidth + 0.5 && size.height <= box.clientHeight + 0.5);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, [element, size.width, size.height]);
  return fits;
}
