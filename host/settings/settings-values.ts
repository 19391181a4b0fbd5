// The settings' values as the page reads and changes them: every change is
// validated, applied where it takes effect — the global shortcuts
// (shortcut-changes.ts), start at login, the theme, the language of the app's
// own words, hiding from screen shares, the idle unload, keeping history, the
// answer source, the model's device — and saved. The one change a port can
// refuse (a shortcut another app holds) is applied before anything is saved,
// so a refusal leaves everything as it was. Each refusal is coded with its field
// (common/settings-refusal.ts): the page words it.
import { messageOf } from '../../common/message-of.js';
import { Settings } from '../../common/settings.js';
import { SettingsPatch, type SettingsView, type UpdateReply } from '../../common/settings-contract.js';
import { refusalsOfIssues } from '../../common/settings-refusal.js';
import type { ApiKeys } from './api-keys.js';
import type { BackendPorts } from './model-server-settings.js';
import type { SettingsFile } from './settings-file.js';
import type { SettingsReplies } from './settings-replies.js';
import { applyShortcutChange, type ShortcutEffects } from './shortcut-changes.js';

export type { HotkeyResult } from './shortcut-changes.js';

/** Where values take effect outside the settings file: the app passes its adapters, tests pass fakes. */
export interface SettingsEffects extends ShortcutEffects {
  /** Electron's nativeTheme.themeSource; the pages apply the theme themselves. */
  applyTheme?(theme: Settings['theme']): void;
  /** The language of main's own words (tray menu, dialogs, notifications, overlays); the pages follow the setting themselves. */
  applyUiLanguage?(language: Settings['uiLanguage']): void;
  /** Absent where the platform cannot start apps at login (the page hides the option). */
  setStartAtLogin?: ((enabled: boolean) => Promise<void> | void) | undefined;
  /** Electron's content protection for every window; absent where the platform has none (Linux). */
  setHiddenFromScreenShare?: ((hidden: boolean) => void) | undefined;
  /** The model keeper's idle unload (ModelKeeper.setIdleMinutes). */
  setIdleMinutes?(minutes: number): void;
  /** The history store: keeping on or off, and old conversations pruned. */
  history?: { setKeeping(keep: boolean): Promise<void>; prune(days: number): Promise<unknown> };
}

export interface SettingsValuesOptions {
  settings: SettingsFile;
  effects: SettingsEffects;
  keys: ApiKeys;
  backends: BackendPorts;
  replies: SettingsReplies;
  /** Loads the settings' model again, on their device. */
  reloadModel(settings: Settings): Promise<void>;
}

export class SettingsValues {
  private updates: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SettingsValuesOptions) {}

  /** Applies the saved theme, language and screen-share hiding (the chat runtime has already set up the saved backend). */
  async applySaved(): Promise<void> {
    const settings = await this.options.settings.all();
    this.options.effects.applyTheme?.(settings.theme);
    this.options.effects.applyUiLanguage?.(settings.uiLanguage);
    this.options.effects.setHiddenFromScreenShare?.(settings.hideFromScreenShare);
  }

  view(): Promise<SettingsView> {
    return this.options.replies.view();
  }

  /**
   * Validates, applies and saves a change. Changes run one after another:
   * each starts from what the one before saved (two quick changes on the
   * page must both stick).
   */
  update(raw: unknown): Promise<UpdateReply> {
    const run = this.updates.then(() => this.updateNow(raw));
    this.updates = run.catch(() => undefined);
    return run;
  }

  private async updateNow(raw: unknown): Promise<UpdateReply> {
    const { effects, replies } = this.options;
    const parsed = SettingsPatch.safeParse(raw);
    if (!parsed.success) return replies.refuse(refusalsOfIssues(parsed.error));
    const patch = parsed.data;
    const current = await this.options.settings.all();
    const { historyDays, ...rest } = patch;
    const merged: Record<string, unknown> = { ...current, ...rest };
    if (historyDays === null) delete merged.historyDays;
    else if (historyDays !== undefined) merged.historyDays = historyDays;
    if (patch.backend) merged.backend = await this.options.keys.withKeyRef(patch.backend);
    const candidate = Settings.safeParse(merged);
    if (!candidate.success) return replies.refuse(refusalsOfIssues(candidate.error));
    const next = candidate.data;

    const shortcuts = await applyShortcutChange(current, next, effects);
    if (!shortcuts.ok) return replies.refuse(shortcuts.refusal, shortcuts.reason);
    const undoHotkey = shortcuts.undo;
    if (next.hideFromScreenShare !== current.hideFromScreenShare && !effects.setHiddenFromScreenShare) {
      await undoHotkey();
      return replies.refuse({ code: 'screen-share-unsupported', field: 'hideFromScreenShare' });
    }
    if (next.startAtLogin !== current.startAtLogin) {
      const set = effects.setStartAtLogin;
      if (!set) {
        await undoHotkey();
        return replies.refuse({ code: 'start-at-login-unsupported', field: 'startAtLogin' });
      }
      try {
        await set(next.startAtLogin);
      } catch (error) {
        await undoHotkey();
        return replies.refuse({ code: 'start-at-login-failed', field: 'startAtLogin', detail: messageOf(error) });
      }
    }
    let saved: Settings;
    try {
      saved = await this.options.settings.save(next);
    } catch (error) {
      await undoHotkey();
      return replies.refuse({ code: 'not-saved', detail: messageOf(error) });
    }
    await this.applyChanges(current, saved);
    return { ok: true, view: await replies.view() };
  }

  /** What a saved change does beyond the file (the shortcut and login item were applied before saving). */
  private async applyChanges(before: Settings, after: Settings): Promise<void> {
    const { effects } = this.options;
    if (after.theme !== before.theme) effects.applyTheme?.(after.theme);
    if (after.uiLanguage !== before.uiLanguage) effects.applyUiLanguage?.(after.uiLanguage);
    if (after.hideFromScreenShare !== before.hideFromScreenShare) {
      effects.setHiddenFromScreenShare?.(after.hideFromScreenShare);
    }
    if (after.idleUnloadMinutes !== before.idleUnloadMinutes) effects.setIdleMinutes?.(after.idleUnloadMinutes);
    if (JSON.stringify(after.backend) !== JSON.stringify(before.backend)) this.options.backends.use(after.backend);
    if (after.historyDays !== before.historyDays && effects.history) {
      await effects.history.setKeeping(after.historyDays !== 0);
      if (after.historyDays !== undefined && after.historyDays > 0) await effects.history.prune(after.historyDays);
    }
    // A device change applies by loading the model again, on the new device.
    if (after.device !== before.device) await this.options.reloadModel(after);
  }
}
