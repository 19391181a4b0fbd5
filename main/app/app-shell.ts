// The running app: settings, the capture hotkey and tray, the capture flow
// with its overlays, and the engine with its model. Everything here is
// composition; the behaviour lives in the services it wires, which are
// tested without Electron.
import { app, dialog, globalShortcut } from 'electron';
import { CaptureFlow, type CapturedRegion } from '../capture/capture-flow.js';
import type { CaptureAdapter } from '../capture/capture-adapter.js';
import { createDesktopCapturerAdapter } from '../capture/desktop-capturer-adapter.js';
import { HotkeyService } from '../capture/hotkey-service.js';
import { OverlaySessions } from '../capture/overlay-sessions.js';
import { createScreenshotDesktopAdapter } from '../capture/screenshot-desktop-adapter.js';
import { defaultCaptureAccelerator } from '../core/accelerator.js';
import { defaultCaptureAdapter } from '../core/capture-choice.js';
import { defaultSettings, type Settings } from '../core/settings.js';
import { EngineHost } from '../engine-host/engine-host.js';
import { ModelKeeper } from '../engine-host/model-keeper.js';
import { createUtilityLauncher } from '../engine-host/utility-launcher.js';
import { findInstalledModel, loadCatalog, modelsRootIn } from '../models/index.js';
import { SettingsStore } from '../settings/settings-store.js';
import { createOverlayWindowFactory } from '../windows/overlay-window.js';
import { engineEntry } from '../windows/paths.js';
import { allDisplays } from './displays.js';
import { registerOverlayIpc } from './overlay-ipc.js';
import { hideOwnWindows } from './own-windows.js';
import { notify, reportCaptureProblem } from './problems.js';
import { screenAccess } from './screen-access.js';
import { createTray } from './tray.js';

/** Where a captured region goes: the chat window. */
export interface ChatHost {
  show(): void;
  openCapture(region: CapturedRegion): void;
  showHistory(): void;
  showSettings(): void;
}

export interface AppShell {
  capture(): void;
  engine: EngineHost;
  keeper: ModelKeeper;
  settings(): Settings;
  dispose(): Promise<void>;
}

function captureAdapter(): CaptureAdapter {
  return defaultCaptureAdapter(process.platform, process.env.XDG_SESSION_TYPE) === 'screenshot-desktop'
    ? createScreenshotDesktopAdapter()
    : createDesktopCapturerAdapter();
}

export async function startAppShell(chat: ChatHost): Promise<AppShell> {
  const userData = app.getPath('userData');
  const store = new SettingsStore(userData, defaultSettings(defaultCaptureAccelerator(process.platform)));
  const loaded = await store.load();
  const settings = loaded.settings;
  if (loaded.source === 'recovered') {
    void dialog.showMessageBox({
      type: 'warning',
      message: 'Your settings could not be read, so Sightline started with its defaults',
      detail: `The old file was kept as ${loaded.keptAside} (${loaded.reason}).`,
    });
  }

  // The engine starts now and loads the model in the background, so the
  // first answer does not wait for it.
  const engine = new EngineHost({ launcher: createUtilityLauncher({ entry: engineEntry }) });
  engine.on('engine-gave-up', ({ reason }) => notify('Sightline’s engine stopped', reason));
  const keeper = new ModelKeeper(engine, settings.idleUnloadMinutes);
  const modelsRoot = modelsRootIn(userData);
  const modelId = settings.modelId ?? loadCatalog().defaultModel;
  const installed = await findInstalledModel(modelsRoot, modelId).catch(() => undefined);
  if (installed) void keeper.use({ modelDir: installed.dir, device: settings.device }).catch(() => undefined);

  const overlays = new OverlaySessions(createOverlayWindowFactory());
  registerOverlayIpc(overlays);
  const flow = new CaptureFlow({
    displays: allDisplays,
    adapter: captureAdapter(),
    screenAccess,
    hideOwnWindows,
    overlays,
    crop: (capture, rect) => engine.crop(capture, rect),
    openConversation: (region) => chat.openCapture(region),
    report: reportCaptureProblem,
  });
  const capture = () => void flow.trigger();

  const hotkey = new HotkeyService(globalShortcut, capture);
  const registered = hotkey.use(settings.hotkey);
  if (!registered.ok) notify('The capture shortcut is not available', registered.reason);

  createTray(
    {
      capture,
      openChat: () => chat.show(),
      openHistory: () => chat.showHistory(),
      openSettings: () => chat.showSettings(),
      quit: () => app.quit(),
    },
    () => hotkey.accelerator,
  );
  // Linux has no login-item API in Electron; the setting is hidden there.
  if (process.platform !== 'linux') app.setLoginItemSettings({ openAtLogin: settings.startAtLogin });

  return {
    capture,
    engine,
    keeper,
    settings: () => settings,
    async dispose() {
      hotkey.dispose();
      keeper.dispose();
      await engine.dispose();
    },
  };
}
