// Composition root of the main process: wires Electron's APIs to the app's
// services and owns nothing else. Inference and image work never run here.
// Started as the `sightline` command (`sightline ask ...`), it answers that
// instead (cli-mode.ts): no window, no tray, no single-instance lock.
import { app } from 'electron';
import { AppInfo, invokeChannels } from '../common/ipc-contract.js';
import { useCatalogFileArgument } from '../host/models/index.js';
import { startAppShell, type AppShell } from './app/app-shell.js';
import { asksForCapture, useWaylandShortcutPortal } from './app/wayland.js';
import { commandLineOf } from './cli-invocation.js';
import { runCommandLine } from './cli-mode.js';
import { handleInvoke } from './ipc/handle-ipc.js';
import { hardenWebContents } from './security.js';
import { registerAppScheme, serveRendererPages } from './windows/app-protocol.js';
import { ChatWindowHost } from './windows/chat-window-host.js';
import { rendererRoot } from './windows/paths.js';

const commandLine = commandLineOf(process.argv, process.defaultApp === true);
if (!commandLine) {
  registerAppScheme();
  useWaylandShortcutPortal();
  useCatalogFileArgument(process.argv);
}

if (commandLine) {
  void runCommandLine(commandLine);
} else if (!app.requestSingleInstanceLock()) {
  // A second launch hands over to the running instance (and its --capture) and quits.
  app.quit();
} else {
  const chat = new ChatWindowHost();
  let shell: AppShell | undefined;

  app.on('second-instance', (_event, argv) => {
    if (asksForCapture(argv)) shell?.capture();
    else chat.show();
  });

  void app.whenReady().then(async () => {
    hardenWebContents();
    serveRendererPages(rendererRoot);
    handleInvoke('app:info', ['chat', 'overlay'], invokeChannels['app:info'], () =>
      AppInfo.parse({
        name: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
        arch: process.arch,
        versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
      }),
    );
    shell = await startAppShell(chat);
    if (asksForCapture(process.argv)) shell.capture();
    else chat.show();
    app.on('activate', () => void chat.show());
  });

  // The app lives in the tray: closing the chat window does not quit it.
  app.on('window-all-closed', () => undefined);
  // Quitting waits (a few seconds at most) for answers in flight to be saved
  // as stopped and the engine to end, so no conversation loses its last turn.
  let disposing = false;
  app.on('will-quit', (event) => {
    if (!shell || disposing) return;
    disposing = true;
    event.preventDefault();
    const done = shell.dispose().catch((error: unknown) => console.error('Sightline: shutting down:', error));
    void Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5000))]).then(() => app.quit());
  });
}
