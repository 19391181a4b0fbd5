// The capture at full size, in its dialog: the image at the size it had on
// screen (capture pixels over the display's scale), and, with "Show text" on,
// the text read from it over it, to select and copy. The toggle is in the
// header too, so the text can be shown or hidden without leaving the zoom.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../common/conversation.js';
import { ShowTextButton, useCaptureText } from './CaptureCard.js';
import { useChatStore } from './store.js';
import { TextOverCapture } from './TextOverCapture.js';

export function CaptureZoom({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const imageUrl = useChatStore((state) => state.imageUrl);
  const closeDialog = useChatStore((state) => state.closeDialog);
  const text = useCaptureText(conversation.id);
  const showText = useChatStore((state) => state.showCaptureText);
  const image = useRef<HTMLImageElement>(null);
  const { width, height } = conversation.capture;
  const read = text?.state === 'read' && text.text.lines.length > 0 ? text.text : undefined;
  return (
    <>
      <div className="zoom-header">
        <h2 id="zoom-title">{t('capture.zoomTitle', { width, height })}</h2>
        <div className="zoom-buttons">
          {read && <ShowTextButton />}
          <button type="button" onClick={closeDialog} autoFocus>
            {t('capture.close')}
          </button>
        </div>
      </div>
      <div className="zoom-body">
        {imageUrl && (
          <div className="zoom-image">
            <img
              ref={image}
              src={imageUrl}
              alt={t('capture.alt')}
              width={width}
              height={height}
              style={{ width: `${width / devicePixelRatio}px` }}
            />
            {showText && read && <TextOverCapture text={read} image={image} />}
          </div>
        )}
      </div>
    </>
  );
}
