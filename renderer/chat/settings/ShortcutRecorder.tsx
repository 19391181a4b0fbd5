// One global shortcut's field: press "Change…" (or "Choose…" while it is
// off), then the keys; the section sends it to the host, which registers it
// or says why it cannot. A combination no app could use is refused here
// first, beside the field. A shortcut that may be off has "Turn off": a ×
// at the end of the keys' field while it is on, as shortcut recorders draw it.
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { acceleratorIssue } from '../../../common/accelerator.js';
import { refusalOfAccelerator } from '../../../common/settings-refusal.js';
import { describedBy, FieldNotes, fieldIds, useFieldRefusal, usePlatform } from './FieldMessage.js';
import { acceleratorOf, describeAccelerator } from './keys.js';
import { useSettingsStore } from './store.js';
import './shortcut.css';

export function ShortcutRecorder(props: {
  field: 'hotkey' | 'repeatHotkey';
  label: string;
  hint: string;
  /** The shortcut now; undefined: off. */
  value: string | undefined;
  /** A valid combination was pressed: the section checks and sends it (resolves once the host replied). */
  onRecorded(accelerator: string): Promise<unknown>;
  /** Offered while the shortcut is on: turns it off. */
  onTurnOff?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const refuse = useSettingsStore((state) => state.refuse);
  const clearRefusal = useSettingsStore((state) => state.clearRefusal);
  const refused = useFieldRefusal(props.field) !== undefined;
  const platform = usePlatform();
  const [recording, setRecording] = useState(false);
  const [pending, setPending] = useState<string | undefined>();
  const ids = fieldIds(props.field);
  const changeId = `${ids.control}-change`;
  const onTurnOff = props.onTurnOff;
  const turnOff =
    onTurnOff && props.value !== undefined
      ? () => {
          clearRefusal(props.field);
          setPending(undefined);
          onTurnOff();
          // The button goes with the shortcut: the keys' field keeps the focus.
          document.getElementById(ids.control)?.focus();
        }
      : undefined;

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
    if (issue) return refuse('shortcut', [refusalOfAccelerator(issue, props.field)]);
    void props.onRecorded(accelerator).then(() => setPending(undefined));
  };

  const shown = pending ?? props.value;
  const text = recording
    ? t('settings.shortcut.recording')
    : shown === undefined
      ? t('settings.shortcut.off')
      : describeAccelerator(shown, platform, i18n.language);
  return (
    <div className="settings-item">
      <div className="settings-item-row settings-item-row-wrap">
        <label id={ids.label} className="settings-item-label" htmlFor={ids.control}>
          {props.label}
        </label>
        <div className="settings-shortcut">
          <span className="settings-hotkey-field" data-clearable={turnOff ? '' : undefined}>
            <input
              id={ids.control}
              className="settings-hotkey"
              data-off={shown === undefined && !recording ? '' : undefined}
              readOnly
              value={text}
              aria-invalid={refused || undefined}
              aria-describedby={describedBy(props.field, true, refused)}
              onKeyDown={onKeyDown}
              onBlur={() => setRecording(false)}
            />
            {turnOff && (
              <button
                id={`${ids.control}-off`}
                type="button"
                className="settings-hotkey-off"
                title={t('settings.shortcut.turnOff')}
                aria-labelledby={`${ids.control}-off ${ids.label}`}
                onClick={turnOff}
              >
                <svg viewBox="0 0 16 16" aria-hidden="true">
                  <path d="M4 4l8 8M12 4l-8 8" />
                </svg>
                <span className="sr-only">{t('settings.shortcut.turnOff')}</span>
              </button>
            )}
          </span>
          <button
            id={changeId}
            type="button"
            // The capture shortcut's button is plain "Change…"; another recorder's names its field too.
            aria-labelledby={props.field === 'hotkey' ? undefined : `${changeId} ${ids.label}`}
            onClick={() => {
              clearRefusal(props.field);
              setRecording(true);
              document.getElementById(ids.control)?.focus();
            }}
          >
            {props.value === undefined ? t('settings.shortcut.choose') : t('settings.shortcut.change')}
          </button>
        </div>
      </div>
      <FieldNotes field={props.field} hint={props.hint} />
    </div>
  );
}
