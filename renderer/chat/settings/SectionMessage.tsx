// A section's last outcome: a refusal with its reason (an alert), or a quiet confirmation.
import { useSettingsStore, type Section } from './store.js';

export function SectionMessage({ section }: { section: Section }) {
  const message = useSettingsStore((state) => (state.message?.section === section ? state.message : undefined));
  if (!message) return null;
  return (
    <p
      className={`settings-message settings-message-${message.tone}`}
      role={message.tone === 'error' ? 'alert' : 'status'}
    >
      {message.text}
    </p>
  );
}
