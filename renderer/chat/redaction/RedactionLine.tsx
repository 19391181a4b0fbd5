// A capture's words about hiding its secrets. Once hidden, a line under it:
// how many areas were filled before sending, "View what was sent" (the image
// the server got, in its viewer) and "Copy image" (that image). Before, where
// no review comes by itself (the local model answers, or hiding is off):
// "Hide secrets…", beside its size and in the zoom, opening the same review.
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../../common/conversation.js';
import { captureAt } from '../../../common/conversation-captures.js';
import { useChatStore } from '../store.js';
import { hidingBeforeSending } from '../store/redaction.js';
import { useSettingsStore } from '../settings/store.js';
import './redaction.css';

/**
 * "Hide secrets…", where no review comes by itself: a quiet link beside a
 * capture's size and text tools (where the row has room for it), and a button
 * in the zoom's header, where the capture is looked at whole.
 */
export function HideSecretsLink({
  conversation,
  capture,
  inZoom = false,
}: {
  conversation: Conversation;
  capture: number;
  inZoom?: boolean;
}) {
  const { t } = useTranslation();
  const reviewSecrets = useChatStore((state) => state.reviewSecrets);
  const busy = useChatStore((state) => state.live !== undefined);
  // Re-rendered when the settings change (where answers come from, the setting itself).
  useSettingsStore((state) => state.view);
  if (captureAt(conversation, capture)?.redaction || hidingBeforeSending()) return null;
  return (
    <button
      type="button"
      className={inZoom ? undefined : 'link-button redaction-action'}
      disabled={busy}
      onClick={() => reviewSecrets(capture)}
    >
      {t('redaction.hideAction')}
    </button>
  );
}

/** Under a capture whose secrets were hidden: how many areas, what was sent, and a copy of it. */
export function RedactionLine({ conversation, capture }: { conversation: Conversation; capture: number }) {
  const { t } = useTranslation();
  const viewSentImage = useChatStore((state) => state.viewSentImage);
  const copyImage = useChatStore((state) => state.copyImage);
  const redaction = captureAt(conversation, capture)?.redaction;
  if (!redaction) return null;
  const count = redaction.boxes.length;
  return (
    <p className="redaction-line">
      <span className="redaction-said">
        <span className="redaction-mark" aria-hidden="true" />
        <span>{count === 0 ? t('redaction.lineNone') : t('redaction.line', { count })}</span>
      </span>
      {count > 0 && (
        <>
          <button type="button" className="link-button" onClick={() => void viewSentImage(capture)}>
            {t('redaction.viewSent')}
          </button>
          <button type="button" className="link-button" onClick={() => void copyImage(capture).catch(() => {})}>
            {t('redaction.copyImage')}
          </button>
        </>
      )}
    </p>
  );
}
