// The chat window's IPC in the app: every chat channel handled (sender and
// payload checked by handleInvoke), and each answer streamed to the page on
// its own MessagePort, so the tokens never go through ipcRenderer's channel
// queue. The handlers themselves are host/chat/chat-handlers.ts, tested
// without Electron; this file only has what needs Electron.
import { MessageChannelMain, clipboard, webContents as allContents } from 'electron';
import { chatInvokeChannels } from '../../common/chat-contract.js';
import type { ChatService } from '../../host/chat/chat-service.js';
import {
  answerOverPort,
  chatHandledChannels,
  chatInvokeHandlers,
  electronPort,
} from '../../host/chat/chat-handlers.js';
import { handleInvoke } from './handle-ipc.js';
import type { ChatWindowHost } from '../windows/chat-window-host.js';

export function registerChatIpc(service: ChatService, window: ChatWindowHost): () => void {
  const handlers = chatInvokeHandlers(service, {
    copy: (text) => clipboard.writeText(text),
    hide: () => window.hide(),
  });
  for (const channel of chatHandledChannels) {
    // One generic call per channel: each handler is typed by its own channel.
    const handler = handlers[channel] as (payload: unknown) => Promise<unknown>;
    handleInvoke(channel, 'chat', chatInvokeChannels[channel] as never, (payload) => handler(payload));
  }

  // Answers still running for a page that went away (closed, reloaded, crashed) are stopped.
  const answersBy = new Map<number, Set<string>>();
  const forget = (contentsId: number) => {
    const answers = answersBy.get(contentsId);
    answersBy.delete(contentsId);
    if (answers) service.stopAll(answers);
  };
  handleInvoke('chat:ask', 'chat', chatInvokeChannels['chat:ask'], async (request, sender) => {
    const contents = allContents.fromId(sender.id);
    if (!contents || contents.isDestroyed()) return null;
    if (!answersBy.has(sender.id)) {
      answersBy.set(sender.id, new Set());
      contents.once('destroyed', () => forget(sender.id));
      contents.on('render-process-gone', () => forget(sender.id));
      contents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) forget(sender.id);
      });
    }
    // Ids of ended answers may stay: stopping an answer that is not running does nothing.
    answersBy.get(sender.id)?.add(request.answerId);
    const { port1, port2 } = new MessageChannelMain();
    contents.postMessage('chat:answer-port', { answerId: request.answerId }, [port2]);
    return answerOverPort(service, request, electronPort(port1));
  });

  const offStatus = service.onStatus((status) => window.send('chat:status-changed', status));
  const offCapture = service.onCapture((summary) => window.send('chat:capture-opened', summary));
  return () => {
    offStatus();
    offCapture();
  };
}
