// A refusal (common/settings-refusal.ts) in the page's language: plain words,
// with a bound said in the field's own unit ("1,440 minutes", "1 800
// secondes"), never the schema's text.
import type { TFunction } from 'i18next';
import type { SettingsField, SettingsRefusal } from '../../../common/settings-refusal.js';
import { describeAccelerator } from './keys.js';

/** A number field's unit (an i18n key under settings.units) and how the setting's value converts to it. */
export const fieldUnits: Partial<Record<SettingsField, { unit: string; scale: number }>> = {
  idleUnloadMinutes: { unit: 'minutes', scale: 1 },
  historyDays: { unit: 'days', scale: 1 },
  'backend.timeoutMs': { unit: 'seconds', scale: 1000 },
  'backend.firstByteTimeoutMs': { unit: 'seconds', scale: 1000 },
  'backend.maxImageSide': { unit: 'pixels', scale: 1 },
};

function limitWords(refusal: SettingsRefusal, t: TFunction): string {
  const limit = refusal.limit ?? 0;
  const unit = refusal.field && fieldUnits[refusal.field];
  if (!unit) return t('settings.units.plain', { count: limit });
  return t(`settings.units.${unit.unit}`, { count: limit / unit.scale });
}

/** What the page says for a refusal; `platform` and `language` name a shortcut's keys as the recorder does. */
export function refusalWords(refusal: SettingsRefusal, t: TFunction, platform: string, language = 'en'): string {
  const detail = refusal.detail ?? '';
  switch (refusal.code) {
    case 'too-small':
      return t('settings.refusal.too-small', { limit: limitWords(refusal, t) });
    case 'too-big':
      return t('settings.refusal.too-big', { limit: limitWords(refusal, t) });
    case 'too-long':
      return t('settings.refusal.too-long', { count: refusal.limit ?? 0 });
    case 'shortcut-taken': {
      const shortcut = describeAccelerator(detail, platform, language);
      // The tray item that still works meanwhile is the repeat's, for the repeat shortcut.
      if (refusal.field === 'repeatHotkey') return t('settings.shortcut.repeatTaken', { shortcut });
      return t('settings.refusal.shortcut-taken', { shortcut });
    }
    case 'shortcut-is-capture':
    case 'shortcut-is-repeat':
      return t(`settings.refusal.${refusal.code}`, { shortcut: describeAccelerator(detail, platform, language) });
    default:
      return t(`settings.refusal.${refusal.code}`, { detail });
  }
}
