// The chat panel's IPC, ready for the Electron main process to register: one
// handler per invoke channel (common/chat-contract.ts), and the answer's
// port. Electron-free: the main process passes in what only it has (the
// clipboard, the window) and a MessagePortMain for each answer; the tests
// pass Node's own.
//
// In main/index.ts (sketch):
//   const handlers = chatInvokeHandlers(service, { copy: clipboard.writeText, hide: () => chatWindow.hide() });
//   for (const channel of chatHandledChannels) handle(channel, handlers[channel]);
//   handle('chat:ask', (request, event) => {
//     const { port1, port2 } = new MessageChannelMain();
//     event.sender.postMessage('chat:answer-port', { answerId: request.answerId }, [port2]);
//     return answerOverPort(service, request, electronPort(port1));
//   });
//   service.onStatus((status) => chatWindow.webContents.send('chat:status-changed', status));
//   service.onCapture((summary) => chatWindow.webContents.send('chat:capture-opened', summary));
import { AnswerPortRequest, type AskRequest, type ChatInvokeChannel } from '../../common/chat-contract.js';
import type { InvokeReply, InvokeRequest } from '../../common/ipc-contract.js';
import type { ChatService } from './chat-service.js';

/** One end of an answer's channel: Electron's MessagePortMain, or a Node MessagePort, adapted. */
export interface AnswerPort {
  postMessage(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  start(): void;
  close(): void;
}

/** Electron's MessagePortMain ('message' events carry {data}) as an AnswerPort. */
export function electronPort(port: {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  start(): void;
  close(): void;
}): AnswerPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', (event) => listener(event.data)),
    start: () => port.start(),
    close: () => port.close(),
  };
}

/**
 * Starts an answer whose events go out on `port` (the page holds the other
 * end); {type:'stop'} coming in on it stops the answer. Rejects like
 * ChatService.ask (the port is closed then).
 */
export async function answerOverPort(service: ChatService, request: AskRequest, port: AnswerPort): Promise<null> {
  let ended = false;
  port.onMessage((data) => {
    if (!ended && AnswerPortRequest.safeParse(data).success) service.stop(request.answerId);
  });
  port.start();
  try {
    await service.ask(request, (event) => {
      port.postMessage(event);
      if (event.type === 'done' || event.type === 'error') {
        ended = true;
        port.close();
      }
    });
  } catch (error) {
    ended = true;
    port.close();
    throw error;
  }
  return null;
}

/** What only the main process can do for the chat. */
export interface ChatPlatform {
  copy(text: string): void;
  hide(): void;
}

type Handlers = {
  [C in Exclude<ChatInvokeChannel, 'chat:ask'>]: (payload: InvokeRequest<C>) => Promise<InvokeReply<C>>;
};

/** Every chat channel but 'chat:ask' (which needs the sender, to post it a port). */
export const chatHandledChannels = [
  'chat:status',
  'chat:list',
  'chat:open',
  'chat:image',
  'chat:delete',
  'chat:stop',
  'chat:settings',
  'chat:set-settings',
  'chat:retry-model',
  'chat:storage-notices',
  'chat:open-external',
  'chat:copy',
  'chat:hide',
] as const satisfies ReadonlyArray<keyof Handlers>;

export function chatInvokeHandlers(service: ChatService, platform: ChatPlatform): Handlers {
  return {
    'chat:status': async () => service.status,
    'chat:list': () => service.list(),
    'chat:open': ({ conversationId }) => service.open(conversationId),
    'chat:image': ({ conversationId }) => service.image(conversationId),
    'chat:delete': async ({ conversationId }) => {
      await service.delete(conversationId);
      return null;
    },
    'chat:stop': async ({ answerId }) => {
      service.stop(answerId);
      return null;
    },
    'chat:settings': () => service.settings(),
    'chat:set-settings': (settings) => service.setSettings(settings),
    'chat:retry-model': async () => {
      service.loadModel();
      return null;
    },
    'chat:storage-notices': () => service.storageNotices(),
    'chat:open-external': ({ url }) => service.openExternal(url),
    'chat:copy': async ({ text }) => {
      platform.copy(text);
      return null;
    },
    'chat:hide': async () => {
      platform.hide();
      return null;
    },
  };
}
