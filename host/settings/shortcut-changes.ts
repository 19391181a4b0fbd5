// The two global shortcuts as one change: the capture shortcut, and the
// optional one that captures the last region again. Each is checked (a key
// no app could use, the same key for both jobs) and registered before
// anything is saved; a refusal leaves both as they were, and `undo` puts
// them back when a later part of the same change is refused.
import { acceleratorIssue, sameAccelerator } from '../../common/accelerator.js';
import { repeatShortcutOf, type Settings } from '../../common/settings.js';
import { refusalOfAccelerator, type SettingsRefusal } from '../../common/settings-refusal.js';

export type HotkeyResult = { ok: true } | { ok: false; reason: string };

export interface ShortcutEffects {
  /** Registers the global capture shortcut; on failure the old one must stay registered. */
  applyHotkey(accelerator: string): Promise<HotkeyResult> | HotkeyResult;
  /**
   * Registers the repeat shortcut, or unregisters it (undefined: off); on
   * failure the old one must stay. Absent where there are no global
   * shortcuts (the web host): a valid one is then saved as it is.
   */
  applyRepeatHotkey?(accelerator: string | undefined): Promise<HotkeyResult> | HotkeyResult;
}

export type ShortcutChange =
  { ok: true; undo(): Promise<void> } | { ok: false; refusal: SettingsRefusal; reason?: string };

/** Checks and registers the shortcuts `next` changes from `current`. */
export async function applyShortcutChange(
  current: Settings,
  next: Settings,
  effects: ShortcutEffects,
): Promise<ShortcutChange> {
  const hotkeyChanged = next.hotkey !== current.hotkey;
  const repeat = repeatShortcutOf(next);
  const repeatChanged = repeat !== repeatShortcutOf(current);
  if (hotkeyChanged) {
    const issue = acceleratorIssue(next.hotkey);
    if (issue) return { ok: false, refusal: refusalOfAccelerator(issue) };
  }
  if (repeatChanged && repeat !== undefined) {
    const issue = acceleratorIssue(repeat);
    if (issue) return { ok: false, refusal: refusalOfAccelerator(issue, 'repeatHotkey') };
  }
  if (repeat !== undefined && sameAccelerator(repeat, next.hotkey, process.platform)) {
    // The field the user just changed is the one refused.
    return repeatChanged
      ? { ok: false, refusal: { code: 'shortcut-is-capture', field: 'repeatHotkey', detail: repeat } }
      : { ok: false, refusal: { code: 'shortcut-is-repeat', field: 'hotkey', detail: next.hotkey } };
  }

  // The repeat shortcut first: turning it off frees its key before the capture shortcut takes one.
  if (repeatChanged && effects.applyRepeatHotkey) {
    const applied = await effects.applyRepeatHotkey(repeat);
    if (!applied.ok) {
      return {
        ok: false,
        refusal: { code: 'shortcut-taken', field: 'repeatHotkey', detail: repeat ?? '' },
        reason: applied.reason,
      };
    }
  }
  const undoRepeat = async () => {
    if (repeatChanged) await effects.applyRepeatHotkey?.(repeatShortcutOf(current));
  };
  if (hotkeyChanged) {
    const applied = await effects.applyHotkey(next.hotkey);
    if (!applied.ok) {
      await undoRepeat();
      return {
        ok: false,
        refusal: { code: 'shortcut-taken', field: 'hotkey', detail: next.hotkey },
        reason: applied.reason,
      };
    }
  }
  return {
    ok: true,
    undo: async () => {
      if (hotkeyChanged) await effects.applyHotkey(current.hotkey);
      await undoRepeat();
    },
  };
}
