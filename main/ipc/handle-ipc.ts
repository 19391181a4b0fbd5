// Registers guarded IPC handlers with Electron: every one checks its sender
// and validates its payload (common/guarded-ipc.ts) before acting.
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { guardInvoke, guardSend, type Pages, type Schema, type Sender } from '../../common/guarded-ipc.js';

function senderOf(event: IpcMainInvokeEvent | IpcMainEvent): Sender {
  return { frameUrl: event.senderFrame?.url, id: event.sender.id };
}

export function handleInvoke<Req, Rep>(
  channel: string,
  pages: Pages,
  schemas: { request: Schema<Req>; reply: Schema<Rep> },
  handler: (payload: Req, sender: Sender) => Promise<Rep> | Rep,
): void {
  const guarded = guardInvoke(channel, pages, schemas, handler);
  ipcMain.handle(channel, (event, payload: unknown) => guarded(senderOf(event), payload));
}

export function handleSend<T>(
  channel: string,
  pages: Pages,
  schema: Schema<T>,
  handler: (payload: T, sender: Sender) => void,
): void {
  const guarded = guardSend(channel, pages, schema, handler);
  ipcMain.on(channel, (event, payload: unknown) => {
    const refused = guarded(senderOf(event), payload);
    if (refused) console.warn(`Sightline: ${refused.message}`);
  });
}
