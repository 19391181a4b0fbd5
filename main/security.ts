import { app, session, type WebContents } from 'electron';

// Electron's security checklist, applied to every web contents the app ever
// creates: pages never navigate away from app://, never open windows, and no
// permission (camera, notifications, ...) is granted to page content.
export function hardenWebContents(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
