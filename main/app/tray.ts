// The tray icon and its menu, in the language main speaks: rebuilt when a
// shortcut, the language, or whether there is a region to capture again
// changes.
import { Menu, Tray, nativeImage } from 'electron';
import { iconPath } from '../windows/paths.js';
import { words } from './ui-language.js';

export interface TrayActions {
  capture(): void;
  /** Captures the last region again; offered once there is one. */
  repeat(): void;
  openChat(): void;
  openHistory(): void;
  openSettings(): void;
  quit(): void;
}

/** The tray icon and its menu: every action of the app without the hotkey. */
export function createTray(
  actions: TrayActions,
  shown: {
    captureShortcut(): string | undefined;
    /** Undefined while the repeat shortcut is off. */
    repeatShortcut(): string | undefined;
    /** Whether a region was selected, to capture again. */
    hasRegion(): boolean;
  },
): { tray: Tray; rebuild(): void } {
  // tray.png has a tray@2x.png beside it, which Electron picks on HiDPI screens.
  const tray = new Tray(nativeImage.createFromPath(iconPath('tray.png')));
  tray.setToolTip('Sightline');
  const rebuild = () => {
    const menu = words().tray;
    tray.setContextMenu(
      Menu.buildFromTemplate([
        {
          label: menu.capture,
          accelerator: shown.captureShortcut(),
          registerAccelerator: false,
          click: actions.capture,
        },
        {
          label: menu.repeat,
          accelerator: shown.repeatShortcut(),
          registerAccelerator: false,
          enabled: shown.hasRegion(),
          click: actions.repeat,
        },
        { label: menu.openChat, click: actions.openChat },
        { label: menu.history, click: actions.openHistory },
        { type: 'separator' },
        { label: menu.settings, click: actions.openSettings },
        { type: 'separator' },
        { label: menu.quit, click: actions.quit },
      ]),
    );
  };
  rebuild();
  tray.on('click', actions.openChat);
  // rebuild(): a shortcut shown beside an item, the language, or the region to repeat changed.
  return { tray, rebuild };
}
