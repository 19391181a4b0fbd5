// A section's last outcome that belongs to no one field: a refusal or a
// failure (an alert), or a quiet confirmation.
import { useTranslation } from 'react-i18next';
import { usePlatform } from './FieldMessage.js';
import { refusalWords } from './refusal-words.js';
import { useSettingsStore, type Section } from './store.js';

export function SectionMessage({ section }: { section: Section }) {
  const { t, i18n } = useTranslation();
  const platform = usePlatform();
  const message = useSettingsStore((state) => (state.message?.section === section ? state.message : undefined));
  if (!message) return null;
  const text =
    message.tone === 'ok'
      ? t(message.key)
      : 'refusal' in message
        ? refusalWords(message.refusal, t, platform, i18n.language)
        : message.text;
  return (
    <p
      className={`settings-message settings-message-${message.tone}`}
      role={message.tone === 'error' ? 'alert' : 'status'}
    >
      {text}
    </p>
  );
}
