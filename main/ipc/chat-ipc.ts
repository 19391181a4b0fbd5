// The chat window's IPC in the app: every chat channel handled (sender and
// payload checked by handleInvoke, once, at this door), and each answer
// streamed to the page on its own MessagePort, so the tokens never go through
// ipcRenderer's channel queue. The service's handlers are
// host/chat/chat-handlers.ts, tested without Electron; this file has what
// needs Electron: ports, the sender's page, the clipboard and the window.
import { ClipboardItem, MessageChannelMain, clipboard, webContents as allContents, type WebContents } from 'electron';
import { chatInvokeChannels, chatServiceChannels } from '../../common/chat-contract.js';
import type { ChatService } from '../../host/chat/chat-service.js';
import { answerOverPort, chatServiceHandlers, electronPort } from '../../host/chat/chat-handlers.js';
import { PageAnswers } from '../../host/chat/page-answers.js';
import type { ChatWindowHost } from '../windows/chat-window-host.js';
import { handleInvoke } from './handle-ipc.js';

export function registerChatIpc(service: ChatService, window: ChatWindowHost): () => void {
  const handlers = chatServiceHandlers(service);
  for (const channel of chatServiceChannels) {
    // One generic call per channel: each handler is typed by its own channel.
    const handler = handlers[channel] as (payload: unknown) => Promise<unknown>;
    handleInvoke(channel, 'chat', chatInvokeChannels[channel] as never, (payload) => handler(payload));
  }
  handleInvoke('chat:copy', 'chat', chatInvokeChannels['chat:copy'], ({ text }) => {
    clipboard.writeText(text);
    return null;
  });
  handleInvoke('chat:copy-image', 'chat', chatInvokeChannels['chat:copy-image'], async (request) => {
    const png = await service.redactions.image(request.conversationId, request.capture, request.hidden);
    await clipboard.write([new ClipboardItem({ 'image/png': new Blob([new Uint8Array(png)], { type: 'image/png' }) })]);
    return null;
  });
  handleInvoke('chat:hide', 'chat', chatInvokeChannels['chat:hide'], () => {
    window.hide();
    return null;
  });

  // Each page's answers are its own; those of a page that went away (closed,
  // reloaded, crashed) are stopped.
  const pages = new Map<number, PageAnswers>();
  const pageOf = (contents: WebContents): PageAnswers => {
    const known = pages.get(contents.id);
    if (known) return known;
    const page = new PageAnswers(service);
    pages.set(contents.id, page);
    const forget = () => {
      pages.delete(contents.id);
      page.stopAll();
    };
    contents.once('destroyed', forget);
    contents.on('render-process-gone', forget);
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) forget();
    });
    return page;
  };
  handleInvoke('chat:ask', 'chat', chatInvokeChannels['chat:ask'], async (request, sender) => {
    const contents = allContents.fromId(sender.id);
    if (!contents || contents.isDestroyed()) return null;
    const { port1, port2 } = new MessageChannelMain();
    contents.postMessage('chat:answer-port', { answerId: request.answerId }, [port2]);
    return answerOverPort(pageOf(contents), request, electronPort(port1));
  });
  handleInvoke('chat:stop', 'chat', chatInvokeChannels['chat:stop'], ({ answerId }, sender) => {
    pages.get(sender.id)?.stop(answerId);
    return null;
  });

  const offStatus = service.statusLine.onChange((status) => window.send('chat:status-changed', status));
  const offCapture = service.onCapture((summary) => window.send('chat:capture-opened', summary));
  const offText = service.captureTexts.onChange((change) => window.send('chat:capture-text-changed', change));
  const offAdded = service.additions.onAdded((added) => window.send('chat:capture-added', added));
  return () => {
    offStatus();
    offCapture();
    offText();
    offAdded();
  };
}
