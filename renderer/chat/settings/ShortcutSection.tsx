// The capture shortcut: press "Change", then the keys; the host registers it
// (or says why it cannot, keeping the old one).
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { acceleratorProblem } from '../../../common/accelerator.js';
import { useChatStore } from '../store.js';
import { acceleratorOf, describeAccelerator } from './keys.js';
import { SectionMessage } from './SectionMessage.js';
import { useSettingsStore } from './store.js';

export function ShortcutSection() {
  const { t } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const update = useSettingsStore((state) => state.update);
  const say = useSettingsStore((state) => state.say);
  const connection = useChatStore((state) => state.connection);
  const platform = connection.state === 'connected' ? connection.info.platform : 'linux';
  const [recording, setRecording] = useState(false);
  const [pending, setPending] = useState<string | undefined>();
  if (!view) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!recording) return;
    // Tab still moves on; Escape stops recording without a change.
    if (event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.key === 'Escape' && !event.ctrlKey && !event.altKey && !event.shiftKey && !event.metaKey) {
      setRecording(false);
      setPending(undefined);
      return;
    }
    const accelerator = acceleratorOf(event, platform);
    if (accelerator === undefined) return;
    setPending(accelerator);
    setRecording(false);
    const problem = acceleratorProblem(accelerator);
    if (problem) return say('shortcut', problem);
    void update({ hotkey: accelerator }, 'shortcut', t('settings.shortcut.saved')).then(() => setPending(undefined));
  };

  const shown = pending ?? view.settings.hotkey;
  return (
    <fieldset className="settings-section">
      <legend>{t('settings.shortcut.title')}</legend>
      <label htmlFor="settings-hotkey">{t('settings.shortcut.label')}</label>
      <div className="settings-row">
        <input
          id="settings-hotkey"
          className="settings-hotkey"
          readOnly
          value={recording ? t('settings.shortcut.recording') : describeAccelerator(shown, platform)}
          aria-describedby="settings-hotkey-hint"
          onKeyDown={onKeyDown}
          onBlur={() => setRecording(false)}
        />
        <button
          type="button"
          onClick={(event) => {
            setRecording(true);
            (event.currentTarget.previousElementSibling as HTMLInputElement | null)?.focus();
          }}
        >
          {t('settings.shortcut.change')}
        </button>
      </div>
      <p id="settings-hotkey-hint" className="settings-hint">
        {t('settings.shortcut.hint')}
      </p>
      <SectionMessage section="shortcut" />
    </fieldset>
  );
}
