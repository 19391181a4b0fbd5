// The settings panel in the app: the settings service over Electron's ports
// (global shortcut, nativeTheme, the language of main's words, login items,
// notifications), its channels registered through the guarded handler, its
// events sent to the chat window.
// The behaviour is host/settings/ (settings-service.ts and its parts), tested without Electron.
import { app, nativeTheme } from 'electron';
import type { HotkeyService } from '../capture/hotkey-service.js';
import type { RepeatShortcut } from './start-repeat.js';
import { settingsInvokeChannels } from '../../common/settings-contract.js';
import { handleInvoke } from '../ipc/handle-ipc.js';
import type { ChatRuntime } from '../../host/chat-runtime.js';
import { settingsHandledChannels, settingsInvokeHandlers } from '../../host/settings/settings-handlers.js';
import type { SettingsService } from '../../host/settings/settings-service.js';
import { startRuntimeSettings } from '../../host/settings-runtime.js';
import type { ChatWindowHost } from '../windows/chat-window-host.js';
import { setHiddenFromScreenShare } from '../windows/screen-share.js';
import { notifyNotice } from './problems.js';
import { setUiLanguage } from './ui-language.js';

export async function startSettings(options: {
  runtime: ChatRuntime;
  chat: ChatWindowHost;
  hotkey: HotkeyService;
  repeat: RepeatShortcut;
  modelsRoot: string;
  /** The tray shows the shortcuts: it is rebuilt after a change. */
  onHotkeyChanged(): void;
}): Promise<SettingsService> {
  const { runtime, chat, hotkey, repeat } = options;
  const service = await startRuntimeSettings(runtime, {
    applyHotkey: (accelerator) => {
      const result = hotkey.use(accelerator);
      if (result.ok) options.onHotkeyChanged();
      return result;
    },
    applyRepeatHotkey: (accelerator) => {
      const result = repeat.apply(accelerator);
      if (result.ok) options.onHotkeyChanged();
      return result;
    },
    applyTheme: (theme) => {
      nativeTheme.themeSource = theme;
    },
    // The tray menu rebuilds when the language changes (app-shell.ts); dialogs and overlays take it when they appear.
    applyUiLanguage: setUiLanguage,
    // Linux has no content protection: X11 and Wayland compositors capture every window.
    setHiddenFromScreenShare: process.platform === 'linux' ? undefined : setHiddenFromScreenShare,
    // Linux has no login-item API in Electron; the page hides the option there.
    setStartAtLogin:
      process.platform === 'linux' ? undefined : (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
    // The hub (HF_ENDPOINT, HF_TOKEN) is read from the environment when a download starts.
    models: { root: options.modelsRoot },
    notify: notifyNotice,
  });

  const handlers = settingsInvokeHandlers(service);
  for (const channel of settingsHandledChannels) {
    // One generic call per channel: each handler is typed by its own channel, and the payload is checked first.
    const handler = handlers[channel] as (payload: unknown) => Promise<unknown>;
    handleInvoke(channel, 'chat', settingsInvokeChannels[channel] as never, (payload) => handler(payload));
  }
  service.onChanged((view) => chat.send('settings:changed', view));
  service.onDownload((event) => chat.send('settings:download-progress', event));
  service.onShowView((view) => {
    chat.show();
    chat.send('app:show-view', { view });
  });
  return service;
}
