// Composition root of the main process: wires Electron's APIs to the app's
// services and owns nothing else. Inference and image work never run here.
import { app, type BrowserWindow } from 'electron';
import { AppInfo, invokeChannels } from './core/ipc-contract.js';
import { startAppShell, type AppShell, type ChatHost } from './app/app-shell.js';
import { asksForCapture, useWaylandShortcutPortal } from './app/wayland.js';
import { handleInvoke } from './ipc.js';
import { hardenWebContents } from './security.js';
import { registerAppScheme, serveRendererPages } from './windows/app-protocol.js';
import { createChatWindow } from './windows/chat-window.js';
import { rendererRoot } from './windows/paths.js';

registerAppScheme();
useWaylandShortcutPortal();

if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the running instance (and its --capture) and quits.
  app.quit();
} else {
  let chatWindow: BrowserWindow | undefined;
  let shell: AppShell | undefined;

  const showChat = (): BrowserWindow => {
    if (!chatWindow || chatWindow.isDestroyed()) chatWindow = createChatWindow();
    else chatWindow.show();
    chatWindow.focus();
    return chatWindow;
  };

  const chat: ChatHost = {
    show: () => void showChat(),
    showHistory: () => void showChat(),
    showSettings: () => void showChat(),
    openCapture: (region) => {
      const window = showChat();
      const send = () => window.webContents.send('chat:capture', region);
      if (window.webContents.isLoading()) window.webContents.once('did-finish-load', send);
      else send();
    },
  };

  app.on('second-instance', (_event, argv) => {
    if (asksForCapture(argv)) shell?.capture();
    else showChat();
  });

  void app.whenReady().then(async () => {
    hardenWebContents();
    serveRendererPages(rendererRoot);
    handleInvoke('app:info', ['chat', 'overlay'], invokeChannels['app:info'], () =>
      AppInfo.parse({
        name: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
        versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
      }),
    );
    shell = await startAppShell(chat);
    if (asksForCapture(process.argv)) shell.capture();
    else showChat();
    app.on('activate', () => void showChat());
  });

  // The app lives in the tray: closing the chat window does not quit it.
  app.on('window-all-closed', () => undefined);
  app.on('will-quit', () => void shell?.dispose());
}
