import { BrowserWindow } from 'electron';
import { appPageUrl } from '../../common/app-url.js';
import { preloadPath } from './paths.js';
import { protectFromScreenShare } from './screen-share.js';
import { secureWebPreferences } from './secure-web-preferences.js';

export function createChatWindow(): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Sightline',
    width: 460,
    height: 720,
    minWidth: 360,
    minHeight: 420,
    show: false,
    backgroundColor: '#1e1f22',
    webPreferences: secureWebPreferences(preloadPath('chat')),
  });
  protectFromScreenShare(window);
  // Shown once painted, so the user never sees a white flash.
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appPageUrl('chat'));
  return window;
}
