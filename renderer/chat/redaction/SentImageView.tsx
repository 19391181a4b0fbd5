// What was sent for a capture whose secrets were hidden: the image the model
// server received, fitted to the window like the capture's own zoom, with a
// line saying the black areas were filled before sending.
import { useLayoutEffect, useRef, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { captureAt } from '../../../common/conversation-captures.js';
import { useChatStore } from '../store.js';
import '../capture.css';
import './redaction.css';

export function SentImageDialog() {
  const { t } = useTranslation();
  const sent = useChatStore((state) => state.sentImage);
  const conversation = useChatStore((state) => state.conversation);
  const closeSentImage = useChatStore((state) => state.closeSentImage);
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (sent && !dialog.open) dialog.showModal();
    if (!sent && dialog.open) dialog.close();
  }, [sent]);
  const capture = sent && conversation?.id === sent.conversationId ? captureAt(conversation, sent.capture) : undefined;
  const size = capture
    ? ({
        '--natural-width': `${capture.width / devicePixelRatio}px`,
        '--aspect': `${capture.width} / ${capture.height}`,
      } as CSSProperties)
    : undefined;
  return (
    <dialog
      ref={ref}
      className="zoom-dialog sent-dialog"
      aria-labelledby="sent-title"
      onClose={() => {
        if (useChatStore.getState().sentImage) closeSentImage();
      }}
    >
      {sent && capture && (
        <>
          <div className="zoom-header">
            <h2 id="sent-title">{t('redaction.sentTitle', { width: capture.width, height: capture.height })}</h2>
            <div className="zoom-buttons">
              <button type="button" onClick={closeSentImage} autoFocus>
                {t('redaction.close')}
              </button>
            </div>
          </div>
          <p className="sent-note">{t('redaction.sentNote')}</p>
          <div className="zoom-body">
            <div className="zoom-image" style={size}>
              <img src={sent.url} alt={t('redaction.sentTitle', { width: capture.width, height: capture.height })} />
            </div>
          </div>
        </>
      )}
    </dialog>
  );
}
