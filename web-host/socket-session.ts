// One page's WebSocket on the web host: the chat and settings contracts as
// requests ({id, method, params}) checked against their channel's schema at
// this door, answered by the same handlers the app registers as IPC
// (host/chat/chat-handlers.ts, host/settings/settings-handlers.ts); the
// service's status, new captures, settings events and the page's answers
// pushed as frames. The page's answers stop when its socket closes.
import { WebSocket, type RawData } from 'ws';
import { chatServiceChannels, type ChatServiceChannel } from '../common/chat-contract.js';
import { type AskRequest } from '../common/conversation.js';
import { ClientFrame, webMethodSchemas, type ServerFrame, type WebMethod } from '../common/chat-web-contract.js';
import type { AppInfo } from '../common/ipc-contract.js';
import { messageOf } from '../common/message-of.js';
import { describeIssues } from '../common/schema.js';
import type { SettingsInvokeChannel } from '../common/settings-contract.js';
import { chatServiceHandlers } from '../host/chat/chat-handlers.js';
import { ChatError, type ChatService } from '../host/chat/chat-service.js';
import { PageAnswers } from '../host/chat/page-answers.js';
import { settingsInvokeHandlers } from '../host/settings/settings-handlers.js';
import { SettingsError } from '../host/settings/settings-error.js';
import type { SettingsService } from '../host/settings/settings-service.js';

export interface SocketServices {
  chat: ChatService;
  /** Without it, settings requests fail with a reason. */
  settings: SettingsService | undefined;
  appInfo: AppInfo;
}

type Handler = (payload: unknown) => Promise<unknown>;

/** The handlers every page's socket shares: made once per web host. */
export function socketHandlers(services: SocketServices): (method: WebMethod) => Handler | undefined {
  const chat = chatServiceHandlers(services.chat) as Record<ChatServiceChannel, Handler>;
  const settings = services.settings
    ? (settingsInvokeHandlers(services.settings) as Record<SettingsInvokeChannel, Handler>)
    : undefined;
  return (method) => {
    if (method === 'app:info') return async () => services.appInfo;
    if ((chatServiceChannels as readonly string[]).includes(method)) return chat[method as ChatServiceChannel];
    if (method.startsWith('settings:')) {
      return (
        settings?.[method as SettingsInvokeChannel] ??
        (async () => {
          throw new ChatError('Settings are not available from this host.');
        })
      );
    }
    return undefined;
  };
}

export function serveSocket(
  ws: WebSocket,
  services: SocketServices,
  handlerOf: (method: WebMethod) => Handler | undefined,
): void {
  const { chat, settings } = services;
  const page = new PageAnswers(chat);
  const push = (frame: ServerFrame): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = [
    chat.statusLine.onChange((status) => push({ type: 'status', status })),
    chat.onCapture((conversation) => push({ type: 'capture', conversation })),
    chat.captureTexts.onChange((change) => push({ type: 'capture-text', change })),
    chat.additions.onAdded((added) => push({ type: 'capture-added', added })),
    ...(settings
      ? [
          settings.onChanged((payload) => push({ type: 'event', channel: 'settings:changed', payload })),
          settings.onDownload((payload) => push({ type: 'event', channel: 'settings:download-progress', payload })),
          settings.onShowView((view) => push({ type: 'event', channel: 'app:show-view', payload: { view } })),
        ]
      : []),
  ];
  ws.on('message', (data: RawData, isBinary: boolean) => void receive(data, isBinary));
  ws.on('close', () => {
    for (const off of unsubscribe) off();
    // The page went away: nobody reads these answers any more.
    page.stopAll();
  });
  ws.on('error', () => ws.terminate());

  async function receive(data: RawData, isBinary: boolean): Promise<void> {
    let raw: unknown;
    try {
      if (isBinary) throw new Error('binary frame');
      raw = JSON.parse(data.toString());
    } catch {
      ws.close(1003, 'Send JSON text frames.');
      return;
    }
    const frame = ClientFrame.safeParse(raw);
    if (!frame.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'number') push({ type: 'failure', id, message: describeIssues(frame.error) });
      return;
    }
    const { id, method, params } = frame.data;
    const parsed = webMethodSchemas[method].request.safeParse(params);
    if (!parsed.success) {
      push({ type: 'failure', id, message: `Refused ${method}: ${describeIssues(parsed.error)}` });
      return;
    }
    try {
      push({ type: 'result', id, result: await dispatch(method, parsed.data) });
    } catch (error) {
      if (!(error instanceof ChatError) && !(error instanceof SettingsError))
        console.error(`Sightline web host: ${method} failed:`, error);
      push({ type: 'failure', id, message: messageOf(error) });
    }
  }

  async function dispatch(method: WebMethod, params: unknown): Promise<unknown> {
    if (method === 'chat:ask') {
      const request = params as AskRequest;
      await page.ask(request, (event) => push({ type: 'answer', answerId: request.answerId, event }));
      return null;
    }
    if (method === 'chat:stop') {
      page.stop((params as { answerId: string }).answerId);
      return null;
    }
    const handler = handlerOf(method);
    if (!handler) throw new ChatError(`${method} is not served here.`);
    return handler(params);
  }
}
