import { BrowserWindow, screen } from 'electron';
import { appPageUrl } from '../../common/app-url.js';
import type { OverlayWindowFactory } from '../capture/overlay-sessions.js';
import { words } from '../app/ui-language.js';
import { preloadPath } from './paths.js';
import { protectFromScreenShare } from './screen-share.js';
import { secureWebPreferences } from './secure-web-preferences.js';

/** How long a page may take to paint its frame before its window is shown anyway. */
const paintTimeoutMs = 3000;

/** Frameless, topmost windows, each covering exactly one display, painted with its frozen frame by the page. */
export function createOverlayWindowFactory(): OverlayWindowFactory {
  return {
    open(display, onClosed) {
      const window = new BrowserWindow({
        ...display.bounds,
        // The page sets its own title too, in the same language (it comes with the frame).
        title: words().overlayTitle,
        frame: false,
        show: false,
        resizable: false,
        movable: false,
        minimizable: false,
        maximizable: false,
        fullscreenable: false,
        skipTaskbar: true,
        alwaysOnTop: true,
        enableLargerThanScreen: true,
        hasShadow: false,
        backgroundColor: '#000000',
        webPreferences: secureWebPreferences(preloadPath('overlay')),
      });
      protectFromScreenShare(window);
      // No menu bar: Alt+arrows resize the selection and must not open one.
      window.setMenu(null);
      // Above full-screen apps and the dock/taskbar, on every workspace.
      window.setAlwaysOnTop(true, 'screen-saver');
      window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
      // Keys go to the overlay of the display under the pointer, where the user looks.
      const underPointer = String(screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).id) === display.id;
      // Shown when the page says its frame is painted (overlay:painted), never
      // before: a black window until the PNG decodes would flash every screen.
      // Should the page never say so, it still appears, to show what went wrong.
      let shown = false;
      const show = () => {
        if (shown || window.isDestroyed()) return;
        shown = true;
        clearTimeout(fallback);
        if (underPointer) {
          window.show();
          window.focus();
        } else window.showInactive();
      };
      const fallback = setTimeout(show, paintTimeoutMs);
      window.on('closed', () => {
        clearTimeout(fallback);
        onClosed();
      });
      void window.loadURL(appPageUrl('overlay'));
      const senderId = window.webContents.id;
      return {
        senderId,
        show,
        close: () => {
          if (!window.isDestroyed()) window.close();
        },
      };
    },
  };
}
