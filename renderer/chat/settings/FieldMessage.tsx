// Why a field's value was refused, in plain words beside the field, and the
// ids that tie a field to its hint and to that message for screen readers.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsField, SettingsRefusal } from '../../../common/settings-refusal.js';
import { useChatStore } from '../store.js';
import { refusalWords } from './refusal-words.js';
import { useSettingsStore } from './store.js';

/** The ids of a field's control, its hint and its refusal. */
export function fieldIds(field: SettingsField) {
  const base = `settings-${field.replace(/\./g, '-')}`;
  return { control: base, label: `${base}-label`, hint: `${base}-hint`, error: `${base}-error` };
}

export function useFieldRefusal(field: SettingsField | undefined): SettingsRefusal | undefined {
  return useSettingsStore((state) => (field ? state.refusals[field] : undefined));
}

/** The platform the page runs on, to name a shortcut's keys as the recorder does. */
export function usePlatform(): string {
  return useChatStore((state) => (state.connection.state === 'connected' ? state.connection.info.platform : 'linux'));
}

/** aria-describedby for a control: its hint (if any) and, while one stands, its refusal. */
export function describedBy(field: SettingsField, hasHint: boolean, refused: boolean): string | undefined {
  const ids = fieldIds(field);
  const parts = [hasHint ? ids.hint : undefined, refused ? ids.error : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export function FieldMessage({ field }: { field: SettingsField }) {
  const { t, i18n } = useTranslation();
  const refusal = useFieldRefusal(field);
  const platform = usePlatform();
  if (!refusal) return null;
  return (
    <p id={fieldIds(field).error} className="settings-field-error" role="alert">
      {refusalWords(refusal, t, platform, i18n.language)}
    </p>
  );
}

/** What sits under a field: its hint (if any), then why its value was refused (while one stands). */
export function FieldNotes({ field, hint }: { field: SettingsField; hint?: ReactNode }) {
  return (
    <>
      {hint && (
        <p id={fieldIds(field).hint} className="settings-hint">
          {hint}
        </p>
      )}
      <FieldMessage field={field} />
    </>
  );
}
