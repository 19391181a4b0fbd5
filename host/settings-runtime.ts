// The settings service over a chat runtime: the settings file, history,
// model keeper, secrets and backends come from the runtime; what differs
// between the app and the web host (the global shortcut, the theme, start at
// login, notifications) comes from the caller.
import type { ChatRuntime } from './chat-runtime.js';
import { backendPorts } from './settings/model-server-settings.js';
import { SettingsService, type SettingsServiceOptions } from './settings/settings-service.js';

export type PlatformPorts = Pick<
  SettingsServiceOptions,
  | 'applyHotkey'
  | 'applyRepeatHotkey'
  | 'applyTheme'
  | 'applyUiLanguage'
  | 'setStartAtLogin'
  | 'setHiddenFromScreenShare'
  | 'notify'
  | 'models'
>;

/** A settings service driving `runtime`, with the saved theme and screen-share hiding applied. */
export async function startRuntimeSettings(runtime: ChatRuntime, platform: PlatformPorts): Promise<SettingsService> {
  const service = new SettingsService({
    ...platform,
    // The same settings file object the chat uses: one copy in memory, saved one change at a time.
    settings: runtime.settings,
    setIdleMinutes: (minutes) => runtime.keeper.setIdleMinutes(minutes),
    history: runtime.history,
    secrets: runtime.backendDeps.secrets,
    backends: backendPorts(runtime.backends, runtime.backendDeps),
    chat: runtime.service.statusLine,
  });
  // The saved backend was set up by the chat runtime already.
  await service.values.applySaved();
  return service;
}
