// The tray icon and its menu, in the language main speaks: rebuilt when the
// capture shortcut or the language changes.
import { Menu, Tray, nativeImage } from 'electron';
import { iconPath } from '../windows/paths.js';
import { words } from './ui-language.js';

export interface TrayActions {
  capture(): void;
  openChat(): void;
  openHistory(): void;
  openSettings(): void;
  quit(): void;
}

/** The tray icon and its menu: every action of the app without the hotkey. */
export function createTray(
  actions: TrayActions,
  captureShortcut: () => string | undefined,
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
          accelerator: captureShortcut(),
          registerAccelerator: false,
          click: actions.capture,
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
  // rebuild(): the shortcut shown beside the capture item, or the language, changed.
  return { tray, rebuild };
}
