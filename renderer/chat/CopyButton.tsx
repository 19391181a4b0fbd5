// A button that copies a text through the app (the page's copy, which tells
// a failure in the notice line) and says "Copied" for a moment after: under
// an answer, and beside the capture for the text read from it.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChatStore } from './store.js';

/** How long "Copied" stays before the button reads as before. */
const copiedMs = 1500;

export function CopyButton({
  text,
  label,
  accessibleLabel,
  className = 'link-button',
}: {
  text: string;
  label: string;
  /** A fuller name for screen readers; it starts with the visible label. */
  accessibleLabel?: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const copy = useChatStore((state) => state.copy);
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <button
      type="button"
      className={className}
      aria-label={copied ? undefined : accessibleLabel}
      onClick={() => {
        void copy(text)
          .then(() => {
            setCopied(true);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => setCopied(false), copiedMs);
          })
          .catch(() => undefined);
      }}
    >
      {copied ? t('turn.copied') : label}
    </button>
  );
}
