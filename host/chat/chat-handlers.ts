// The chat panel's requests as handlers, whichever host carries them: the
// app registers them as IPC handlers (main/ipc/chat-ipc.ts), the web host
// serves them over its WebSocket (web-host/web-host.ts). Each request comes
// here parsed at the host's door, against its channel's schema. Asking and
// stopping belong to a page (PageAnswers); copying and hiding to the app's
// window (main/ipc/chat-ipc.ts): they are not here.
import { AnswerPortRequest, type ChatServiceChannel } from '../../common/chat-contract.js';
import { type AskRequest } from '../../common/conversation.js';
import type { InvokeReply, InvokeRequest } from '../../common/ipc-contract.js';
import type { ChatService } from './chat-service.js';
import type { PageAnswers } from './page-answers.js';

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
export async function answerOverPort(page: PageAnswers, request: AskRequest, port: AnswerPort): Promise<null> {
  let ended = false;
  port.onMessage((data) => {
    if (!ended && AnswerPortRequest.safeParse(data).success) page.stop(request.answerId);
  });
  port.start();
  try {
    await page.ask(request, (event) => {
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

type Handlers = {
  [C in ChatServiceChannel]: (payload: InvokeRequest<C>) => Promise<InvokeReply<C>>;
};

/** The handler of every channel the chat service answers (chatServiceChannels). */
export function chatServiceHandlers(service: ChatService): Handlers {
  return {
    'chat:status': async () => service.statusLine.status,
    'chat:list-conversations': () => service.listConversations(),
    'chat:open-conversation': ({ conversationId }) => service.openConversation(conversationId),
    'chat:capture-image': ({ conversationId, capture }) => service.captureImage(conversationId, capture),
    'chat:delete-conversation': async ({ conversationId }) => {
      await service.deleteConversation(conversationId);
      return null;
    },
    'chat:current-conversation': async () => service.currentConversation(),
    'chat:open-image': ({ bytes }) => service.images.open(bytes),
    'chat:capture-text': ({ conversationId }) => service.captureText(conversationId),
    'chat:retry-model': async () => {
      service.statusLine.loadModel();
      return null;
    },
    'chat:storage-notices': () => service.storageNotices(),
    'chat:open-external': ({ url }) => service.openExternal(url),
    'chat:look-closer': (request) => service.additions.lookCloser(request),
    'chat:find-secrets': ({ conversationId, capture }) => service.redactions.find(conversationId, capture),
    'chat:hide-secrets': ({ conversationId, capture, boxes }) =>
      service.redactions.hide(conversationId, capture, boxes),
    'chat:sent-image': ({ conversationId, capture }) => service.redactions.sentImage(conversationId, capture),
  };
}
