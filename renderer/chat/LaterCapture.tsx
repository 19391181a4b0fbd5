// A capture added to the conversation after its first, where it came in the
// thread (before the first question about it): a label that says what it is
// — a closer look cut from a capture, or the same region captured again —
// its preview, which opens it whole in the zoom (where a part of it can be
// looked at closer in turn), and its size.
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../common/conversation.js';
import { useChatStore } from './store.js';
import { captureImageUrl } from './store/later-captures.js';
import { RedactionLine } from './redaction/RedactionLine.js';
import './capture.css';
import './later-captures.css';

/** The tallest a later capture's preview grows, as a share of the window's height. */
const previewMaxHeight = 0.35;

export function LaterCaptureView({ conversation, index }: { conversation: Conversation; index: number }) {
  const { t } = useTranslation();
  const openDialog = useChatStore((state) => state.openDialog);
  const imageUrl = useChatStore((state) => captureImageUrl(state, conversation.id, index));
  const capture = conversation.laterCaptures?.[index - 1];
  if (!capture) return null;
  const { width, height } = capture;
  const closer = capture.origin === 'closer-look';
  const label = closer ? t('closerLook.label') : t('closerLook.repeatLabel');
  const previewWidth = `min(100%, ${width / devicePixelRatio}px, ${previewMaxHeight * 100}vh * ${width / height})`;
  return (
    <section className="capture later-capture" aria-label={label}>
      <p className="later-capture-label">
        <span className="later-capture-kind">{label}</span>
        <span className="capture-size">{t('capture.size', { width, height })}</span>
      </p>
      <div className="capture-preview" style={{ width: previewWidth }}>
        <button
          type="button"
          className="capture-thumb"
          aria-label={t(closer ? 'closerLook.enlarge' : 'closerLook.enlargeRepeat', { width, height })}
          onClick={() => openDialog({ kind: 'zoom', capture: index })}
        >
          {imageUrl ? (
            <img src={imageUrl} alt="" width={width} height={height} />
          ) : (
            <span className="capture-placeholder" style={{ aspectRatio: `${width} / ${height}` }} />
          )}
        </button>
      </div>
      <RedactionLine conversation={conversation} capture={index} />
    </section>
  );
}
