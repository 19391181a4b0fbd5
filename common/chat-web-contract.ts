// The development web host speaks the chat contract over one WebSocket: the
// page sends requests ({id, method, params}) and gets a result or a failure
// for each; the host pushes status changes, new captures and the events of
// every answer. Same methods and schemas as the Electron IPC channels.
import * as z from 'zod/mini';
import './schema.js';
import { AnswerEvent } from './engine-protocol.js';
import {
  CaptureAdded,
  CaptureTextChange,
  ChatStatus,
  chatInvokeChannels,
  type ChatInvokeChannel,
} from './chat-contract.js';
import { AnswerId, ConversationSummary } from './conversation.js';
import { AppInfo } from './ipc-contract.js';
import { settingsEventChannels, settingsInvokeChannels, type SettingsEventChannel } from './settings-contract.js';

/** The chat channels the web host answers (the page's web bridge does the rest itself: images over http, copy, hide). */
const webChatChannels = [
  'chat:status',
  'chat:list-conversations',
  'chat:open-conversation',
  'chat:delete-conversation',
  'chat:current-conversation',
  'chat:capture-text',
  'chat:ask',
  'chat:stop',
  'chat:retry-model',
  'chat:storage-notices',
  'chat:open-external',
  'chat:look-closer',
  'chat:find-secrets',
  'chat:hide-secrets',
  'chat:sent-image',
] as const satisfies ReadonlyArray<ChatInvokeChannel>;

/** Methods the web host answers: the app's IPC channels but those above, and app:info. */
export const webMethods = [
  'app:info',
  ...webChatChannels,
  ...(Object.keys(settingsInvokeChannels) as Array<keyof typeof settingsInvokeChannels>),
] as const;
export type WebMethod = (typeof webMethods)[number];

type WebChatChannel = (typeof webChatChannels)[number];

export const webMethodSchemas = {
  'app:info': { request: z.undefined(), reply: AppInfo },
  ...(Object.fromEntries(webChatChannels.map((channel) => [channel, chatInvokeChannels[channel]])) as {
    [C in WebChatChannel]: (typeof chatInvokeChannels)[C];
  }),
  ...settingsInvokeChannels,
} as const satisfies Record<WebMethod, unknown>;

export type WebRequest<M extends WebMethod> = z.infer<(typeof webMethodSchemas)[M]['request']>;
export type WebReply<M extends WebMethod> = z.infer<(typeof webMethodSchemas)[M]['reply']>;

export const ClientFrame = z.object({
  id: z.number().check(z.int(), z.nonnegative()),
  method: z.enum(webMethods),
  params: z.optional(z.unknown()),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number(), result: z.unknown() }),
  z.object({ type: z.literal('failure'), id: z.number(), message: z.string() }),
  z.object({ type: z.literal('status'), status: ChatStatus }),
  z.object({ type: z.literal('capture'), conversation: ConversationSummary }),
  z.object({ type: z.literal('capture-text'), change: CaptureTextChange }),
  z.object({ type: z.literal('capture-added'), added: CaptureAdded }),
  z.object({ type: z.literal('answer'), answerId: AnswerId, event: AnswerEvent }),
  /** A settings panel event (settings-contract's settingsEventChannels); the page checks the payload against its channel's schema. */
  z.object({
    type: z.literal('event'),
    channel: z.enum(Object.keys(settingsEventChannels) as [SettingsEventChannel, ...SettingsEventChannel[]]),
    payload: z.unknown(),
  }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** The web host adds <meta name="sightline-web-host"> to the pages it serves: the page then connects. */
export const webHostMarker = 'sightline-web-host';

/** The WebSocket's path on the web host. */
export const webSocketPath = '/ws';

/** Where the web host serves a conversation's capture: the first, or capture `index` (conversation-captures.ts). */
export function captureImagePath(conversationId: string, index = 0): string {
  return index === 0 ? `/api/captures/${conversationId}.png` : `/api/captures/${conversationId}/${index}.png`;
}

/** The development route that opens a capture (POST a PNG body). */
export const devCapturePath = '/dev/capture';
