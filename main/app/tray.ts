import { Menu, Tray, nativeImage } from 'electron';
import { iconPath } from '../windows/paths.js';

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
  const rebuild = () =>
    tray.setContextMenu(
      Menu.buildFromTemplate([
        {
          label: 'Capture a Region',
          accelerator: captureShortcut(),
          registerAccelerator: false,
          click: actions.capture,
        },
        { label: 'Open Chat', click: actions.openChat },
        { label: 'History…', click: actions.openHistory },
        { type: 'separator' },
        { label: 'Settings…', click: actions.openSettings },
        { type: 'separator' },
        { label: 'Quit Sightline', click: actions.quit },
      ]),
    );
  rebuild();
  tray.on('click', actions.openChat);
  // rebuild(): the shortcut shown beside "Capture a Region" changed.
  return { tray, rebuild };
}
