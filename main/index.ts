// Composition root of the main process: wires Electron's APIs to the app's
// services and owns nothing else. Inference and image work never run here.
import { app, type BrowserWindow } from 'electron';
import { registerAppScheme, serveRendererPages } from './windows/app-protocol.js';
import { createChatWindow } from './windows/chat-window.js';
import { rendererRoot } from './windows/paths.js';
import { hardenWebContents } from './security.js';
import { handleInvoke } from './ipc.js';
import { AppInfo, invokeChannels } from './core/ipc-contract.js';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the running instance and quits.
  app.quit();
} else {
  let chatWindow: BrowserWindow | undefined;

  const showChat = (): void => {
    if (!chatWindow || chatWindow.isDestroyed()) chatWindow = createChatWindow();
    else chatWindow.show();
    chatWindow.focus();
  };

  app.on('second-instance', showChat);

  void app.whenReady().then(() => {
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
    showChat();
    app.on('activate', showChat);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
