import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { invokeChannels, type InvokeChannel, type InvokeReply, type InvokeRequest } from './core/ipc-contract.js';
import { isTrustedSenderUrl } from './core/trusted-sender.js';
import { describeIssues } from './core/schema.js';

type Handler<C extends InvokeChannel> = (
  payload: InvokeRequest<C>,
  event: IpcMainInvokeEvent,
) => Promise<InvokeReply<C>> | InvokeReply<C>;

/** Registers an invoke handler that refuses foreign senders and malformed payloads. */
export function handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void {
  const schema = invokeChannels[channel];
  ipcMain.handle(channel, async (event, payload: unknown) => {
    if (!isTrustedSenderUrl(event.senderFrame?.url)) {
      throw new Error(`Refused ${channel}: the sender is not a Sightline page`);
    }
    const parsed = schema.request.safeParse(payload);
    if (!parsed.success) throw new Error(`Refused ${channel}: malformed payload (${describeIssues(parsed.error)})`);
    return schema.reply.parse(await handler(parsed.data as InvokeRequest<C>, event));
  });
}
