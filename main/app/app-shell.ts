// The running app: settings, the capture hotkey and tray, the capture flow
// with its overlays, the repeat shortcut (start-repeat.ts), and the engine
// with its model. Everything here is composition; the behaviour lives in the
// services it wires, which are tested without Electron.
import { app, dialog, globalShortcut, shell, type Tray } from 'electron';
import { CaptureFlow } from '../capture/capture-flow.js';
import type { CaptureAdapter } from '../capture/capture-adapter.js';
import { createDesktopCapturerAdapter } from '../capture/desktop-capturer-adapter.js';
import { HotkeyService } from '../capture/hotkey-service.js';
import { OverlaySessions } from '../capture/overlay-sessions.js';
import { RegionMemory } from '../capture/region-memory.js';
import { createScreenshotDesktopAdapter } from '../capture/screenshot-desktop-adapter.js';
import { defaultCaptureAccelerator } from '../../common/accelerator.js';
import { defaultCaptureAdapter } from '../../common/capture-choice.js';
import { defaultSettings } from '../../common/settings.js';
import { createUtilityLauncher } from './utility-launcher.js';
import { modelsRootIn } from '../../host/models/index.js';
import { createSafeStorageSecrets } from './safe-storage-secrets.js';
import { historyDirIn, startChatRuntime, type ChatRuntime } from '../../host/chat-runtime.js';
import { SettingsStore } from '../../host/settings/settings-store.js';
import type { ChatWindowHost } from '../windows/chat-window-host.js';
import { createOverlayWindowFactory } from '../windows/overlay-window.js';
import { engineEntry } from '../windows/paths.js';
import { registerChatIpc } from '../ipc/chat-ipc.js';
import { allDisplays } from '../capture/displays.js';
import { registerOverlayIpc } from '../ipc/overlay-ipc.js';
import { startSettings } from './start-settings.js';
import { hideOwnWindows } from '../windows/own-windows.js';
import { notify, reportCaptureProblem } from './problems.js';
import { onUiLanguageChanged, setUiLanguage, uiLanguage, words } from './ui-language.js';
import { screenAccess } from './screen-access.js';
import { createTray } from './tray.js';
import { startRepeat } from './start-repeat.js';
import { messageOf } from '../../common/message-of.js';

export interface AppShell {
  capture(): void;
  runtime: ChatRuntime;
  /** Held here: a tray icon whose object is garbage-collected disappears. */
  tray: Tray;
  dispose(): Promise<void>;
}

function captureAdapter(): CaptureAdapter {
  return defaultCaptureAdapter(process.platform, process.env.XDG_SESSION_TYPE) === 'screenshot-desktop'
    ? createScreenshotDesktopAdapter()
    : createDesktopCapturerAdapter();
}

export async function startAppShell(chat: ChatWindowHost): Promise<AppShell> {
  const userData = app.getPath('userData');
  const store = new SettingsStore(userData, defaultSettings(defaultCaptureAccelerator(process.platform)));
  const loaded = await store.load();
  const settings = loaded.settings;
  // Every word main says from now on is in the settings' language (startSettings keeps it up to date).
  setUiLanguage(settings.uiLanguage);
  if (loaded.source === 'recovered') {
    const recovered = words().settingsRecovered;
    void dialog.showMessageBox({
      type: 'warning',
      message: recovered.message,
      detail: recovered.detail(loaded.keptAside, loaded.reason),
    });
  }

  const modelsRoot = modelsRootIn(userData);
  // The engine starts now, in its utility process, and loads the model in
  // the background, so the first answer does not wait for it.
  const runtime = await startChatRuntime({
    launcher: createUtilityLauncher({ entry: engineEntry }),
    settingsStore: store,
    historyDir: historyDirIn(userData),
    modelsRoot,
    secrets: createSafeStorageSecrets(userData),
    openExternal: (url) => shell.openExternal(url),
  });
  runtime.engine.on('engine-gave-up', ({ reason }) => {
    const stopped = words().engineStopped;
    notify(stopped.title, stopped.body(reason));
  });
  const offChatIpc = registerChatIpc(runtime.service, chat);

  const overlays = new OverlaySessions(createOverlayWindowFactory(), uiLanguage);
  registerOverlayIpc(overlays);
  const adapter = captureAdapter();
  // The last selected region, which the repeat shortcut captures again.
  const regions = new RegionMemory();
  const flow = new CaptureFlow({
    displays: allDisplays,
    adapter,
    screenAccess,
    hideOwnWindows,
    overlays,
    crop: (capture, rect) => runtime.engine.crop(capture, rect),
    openConversation: async (region) => {
      // The window first, so the page is there when the capture's event arrives.
      chat.show();
      try {
        return (await runtime.service.openCapture(region.png)).id;
      } catch (error) {
        void dialog.showMessageBox({
          type: 'error',
          message: words().openCaptureFailed,
          detail: messageOf(error),
        });
        return undefined;
      }
    },
    regions,
    report: reportCaptureProblem,
  });
  const capture = () => {
    // A model given back after an idle spell loads while the user picks a region, not after the question.
    runtime.warmModel();
    void flow.trigger();
  };

  const hotkey = new HotkeyService(globalShortcut, capture);
  const registered = hotkey.use(settings.hotkey);
  if (!registered.ok) {
    const unavailable = words().shortcutUnavailable;
    notify(unavailable.title, unavailable.body(registered.accelerator, registered.reason));
  }
  const repeat = startRepeat({
    runtime,
    chat,
    settings,
    adapter,
    regions,
    capturing: () => flow.active,
    capture,
    captureShortcut: () => hotkey.accelerator,
  });

  let rebuildTray = () => {};
  const settingsService = await startSettings({
    runtime,
    chat,
    hotkey,
    repeat,
    modelsRoot,
    onHotkeyChanged: () => rebuildTray(),
  });
  const tray = createTray(
    {
      capture,
      repeat: repeat.trigger,
      openChat: () => void chat.show(),
      openHistory: () => settingsService.showView('history'),
      openSettings: () => settingsService.showView('settings'),
      quit: () => app.quit(),
    },
    {
      captureShortcut: () => hotkey.accelerator,
      repeatShortcut: () => repeat.accelerator,
      hasRegion: () => regions.last !== undefined,
    },
  );
  rebuildTray = tray.rebuild;
  const offLanguage = onUiLanguageChanged(tray.rebuild);
  // The tray's repeat item becomes available with the first region.
  const offRegion = regions.onFirstRegion(tray.rebuild);
  // Linux has no login-item API in Electron; the setting is hidden there.
  if (process.platform !== 'linux') app.setLoginItemSettings({ openAtLogin: settings.startAtLogin });

  return {
    capture,
    runtime,
    tray: tray.tray,
    async dispose() {
      hotkey.dispose();
      repeat.dispose();
      offLanguage();
      offRegion();
      tray.tray.destroy();
      offChatIpc();
      // Running downloads stop; their staging folders stay, to resume next time.
      await settingsService.dispose();
      await runtime.dispose();
    },
  };
}
