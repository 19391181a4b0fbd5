// The capture at the head of a conversation: its preview, large enough to
// recognise (the column's width, never more than its own size on screen nor
// taller than a share of the window), a button that opens it whole in the
// zoom; under it its size, and what the text layer read from it — "Copy
// text", and "Show text", which grows the preview to a larger share of the
// window and draws the lines over it, to select and copy. While the text is
// being read it says so quietly; when it could not be, a muted note with the
// reason as its tooltip.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaptureTextState } from '../../common/capture-text.js';
import type { Conversation } from '../../common/conversation.js';
import { CopyButton } from './CopyButton.js';
import { useChatStore } from './store.js';
import { reasonOf } from './store/reason.js';
import { TextOverCapture } from './TextOverCapture.js';
import { HideSecretsLink, RedactionLine } from './redaction/RedactionLine.js';
import './capture.css';

/** The tallest the preview grows, as a share of the window's height: larger with its text shown, to select it. */
const previewMaxHeight = { plain: 0.4, textShown: 0.6 };

export function CaptureCard({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const imageUrl = useChatStore((state) => state.imageUrl);
  const openDialog = useChatStore((state) => state.openDialog);
  const text = useCaptureText(conversation.id);
  const showText = useChatStore((state) => state.showCaptureText);
  const image = useRef<HTMLImageElement>(null);
  const { width, height } = conversation.capture;
  const read = text?.state === 'read' && text.text.lines.length > 0 ? text.text : undefined;
  const shown = showText && read !== undefined && imageUrl !== undefined;
  // As wide as the column allows, never wider than the capture's own size (its text as
  // sharp as it was on screen) nor so wide that the preview is taller than part of the window.
  const share = shown ? previewMaxHeight.textShown : previewMaxHeight.plain;
  const previewWidth = `min(100%, ${width / devicePixelRatio}px, ${share * 100}vh * ${width / height})`;
  return (
    <section className={shown ? 'capture capture-text-shown' : 'capture'} aria-label={t('capture.heading')}>
      <div className="capture-preview" style={{ width: previewWidth }}>
        <button
          type="button"
          className="capture-thumb"
          aria-label={t('capture.enlarge', { width, height })}
          onClick={() => openDialog({ kind: 'zoom' })}
        >
          {imageUrl ? (
            <img ref={image} src={imageUrl} alt="" width={width} height={height} />
          ) : (
            <span className="capture-placeholder" style={{ aspectRatio: `${width} / ${height}` }} />
          )}
        </button>
        {shown && <TextOverCapture text={read} image={image} />}
      </div>
      <div className="capture-meta">
        <span className="capture-size">{t('capture.size', { width, height })}</span>
        <CaptureTextTools text={text} />
        <HideSecretsLink conversation={conversation} capture={0} />
      </div>
      <RedactionLine conversation={conversation} capture={0} />
    </section>
  );
}

/** The open conversation's text state, once the host answered for it. */
export function useCaptureText(conversationId: string): CaptureTextState | undefined {
  return useChatStore((state) =>
    state.captureText?.conversationId === conversationId ? state.captureText.state : undefined,
  );
}

/** "Copy text" and "Show text" once the text is read; a quiet word while it is read or when there is none. */
function CaptureTextTools({ text }: { text: CaptureTextState | undefined }) {
  const { t } = useTranslation();
  if (!text) return null;
  switch (text.state) {
    case 'reading':
      return <span className="capture-text-note">{t('capture.textReading')}</span>;
    case 'failed':
      return (
        <span className="capture-text-note" title={t('capture.textFailedWhy', { reason: reasonOf(text.reason) })}>
          {t('capture.textFailed')}
        </span>
      );
    case 'read':
      if (text.text.lines.length === 0) return <span className="capture-text-note">{t('capture.textNone')}</span>;
      return (
        <div className="capture-tools">
          <CopyButton
            text={text.text.text}
            label={t('capture.copyText')}
            accessibleLabel={t('capture.copyTextLabel')}
            className="capture-tool"
          />
          <ShowTextButton className="capture-tool" />
        </div>
      );
  }
}

/** The toggle that draws the text over the capture: here, and in the zoomed capture's header. */
export function ShowTextButton({ className }: { className?: string }) {
  const { t } = useTranslation();
  const shown = useChatStore((state) => state.showCaptureText);
  const toggle = useChatStore((state) => state.toggleCaptureText);
  return (
    <button
      type="button"
      className={className}
      aria-pressed={shown}
      aria-label={t('capture.showTextLabel')}
      onClick={toggle}
    >
      {t('capture.showText')}
    </button>
  );
}
