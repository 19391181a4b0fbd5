// Shortcut: press "Change…", then the keys; the host registers it (or says
// why it cannot, keeping the old one). A combination no app could use is
// refused here first, in the page's words, beside the field.
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { acceleratorIssue } from '../../../common/accelerator.js';
import { refusalOfAccelerator } from '../../../common/settings-refusal.js';
import { describedBy, FieldNotes, fieldIds, useFieldRefusal, usePlatform } from './FieldMessage.js';
import { acceleratorOf, describeAccelerator } from './keys.js';
import { SectionMessage } from './SectionMessage.js';
import { useSettingsStore } from './store.js';

export function ShortcutSection() {
  const { t, i18n } = useTranslation();
  const view = useSettingsStore((state) => state.view);
  const update = useSettingsStore((state) => state.update);
  const refuse = useSettingsStore((state) => state.refuse);
  const clearRefusal = useSettingsStore((state) => state.clearRefusal);
  const refused = useFieldRefusal('hotkey') !== undefined;
  const platform = usePlatform();
  const [recording, setRecording] = useState(false);
  const [pending, setPending] = useState<string | undefined>();
  if (!view) return null;
  const ids = fieldIds('hotkey');

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
    const issue = acceleratorIssue(accelerator);
    if (issue) return refuse('shortcut', [refusalOfAccelerator(issue)]);
    void update({ hotkey: accelerator }, 'shortcut', 'settings.shortcut.saved').then(() => setPending(undefined));
  };

  const shown = pending ?? view.settings.hotkey;
  return (
    <>
      <div className="settings-group">
        <div className="settings-item">
          <div className="settings-item-row settings-item-row-wrap">
            <label className="settings-item-label" htmlFor={ids.control}>
              {t('settings.shortcut.label')}
            </label>
            <div className="settings-shortcut">
              <input
                id={ids.control}
                className="settings-hotkey"
                readOnly
                value={
                  recording ? t('settings.shortcut.recording') : describeAccelerator(shown, platform, i18n.language)
                }
                aria-invalid={refused || undefined}
                aria-describedby={describedBy('hotkey', true, refused)}
                onKeyDown={onKeyDown}
                onBlur={() => setRecording(false)}
              />
              <button
                type="button"
                onClick={(event) => {
                  clearRefusal('hotkey');
                  setRecording(true);
                  (event.currentTarget.previousElementSibling as HTMLInputElement | null)?.focus();
                }}
              >
                {t('settings.shortcut.change')}
              </button>
            </div>
          </div>
          <FieldNotes field="hotkey" hint={t('settings.shortcut.hint')} />
        </div>
      </div>
      <SectionMessage section="shortcut" />
    </>
  );
}
