// The capture whole, in its dialog: fitted to the window (never larger than
// its size on screen, capture pixels over the display's scale), so a narrow
// panel shows all of it; "Actual size", offered when it had to shrink, shows
// it at its size on screen, to scroll. With "Show text" on, the text read
// from it lies over it, to select and copy; the toggle is in the header too,
// so the text can be shown or hidden without leaving the zoom.
import { useLayoutEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../common/conversation.js';
import { ShowTextButton, useCaptureText } from './CaptureCard.js';
import { useChatStore } from './store.js';
import { TextOverCapture } from './TextOverCapture.js';
import './capture.css';

export function CaptureZoom({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const imageUrl = useChatStore((state) => state.imageUrl);
  const closeDialog = useChatStore((state) => state.closeDialog);
  const text = useCaptureText(conversation.id);
  const showText = useChatStore((state) => state.showCaptureText);
  const image = useRef<HTMLImageElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const [actualSize, setActualSize] = useState(false);
  const { width, height } = conversation.capture;
  const onScreen = { width: width / devicePixelRatio, height: height / devicePixelRatio };
  const fits = useFits(body, onScreen);
  const read = text?.state === 'read' && text.text.lines.length > 0 ? text.text : undefined;
  // The image's size on screen and its shape, for the fitted size in chat.css (.zoom-image).
  const size = { '--natural-width': `${onScreen.width}px`, '--aspect': `${width} / ${height}` } as CSSProperties;
  return (
    <>
      <div className="zoom-header">
        <h2 id="zoom-title">{t('capture.zoomTitle', { width, height })}</h2>
        <div className="zoom-buttons">
          {read && <ShowTextButton />}
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
      <div ref={body} className={`zoom-body${actualSize && !fits ? ' zoom-actual' : ''}`}>
        {imageUrl && (
          <div className="zoom-image" style={size}>
            <img ref={image} src={imageUrl} alt={t('capture.alt')} width={width} height={height} />
            {showText && read && <TextOverCapture text={read} image={image} />}
          </div>
        )}
      </div>
    </>
  );
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
