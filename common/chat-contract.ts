// The chat panel's contract with whatever hosts it: the Electron main process
// (IPC invoke channels plus one MessagePort per answer) or the development web
// host (the same requests and events over a WebSocket). Both ends parse what
// they receive with these schemas. Conversations and the rules that change
// them are in conversation.ts.
import * as z from 'zod/mini';
import './schema.js';
import { DeviceFallback, Dtype, EngineErrorCode, ExecutionProvider } from './engine-protocol.js';
import {
  AnswerId,
  AskRequest,
  CaptureRect,
  Conversation,
  ConversationId,
  ConversationSummary,
  LaterCapture,
} from './conversation.js';
import { CaptureTextState } from './capture-text.js';
import { OpenImageReply } from './open-image.js';
import {
  CaptureIndex,
  CaptureRedaction,
  maxRedactionBoxes,
  RedactionBox,
  SecretsFound,
  SentImage,
} from './redaction.js';
import { AnswerLanguage, type Settings } from './settings.js';

// --- status ---------------------------------------------------------------------

/**
 * What the status line shows. Codes and numbers, not sentences: the page
 * words them in the user's language. `message` fields carry the engine's own
 * explanation (English) where there is one.
 */
export const ChatStatus = z.discriminatedUnion('kind', [
  /** The engine process is starting. */
  z.object({ kind: z.literal('starting') }),
  /** No model is set up: the page says how to get one. */
  z.object({ kind: z.literal('no-model'), message: z.optional(z.string()) }),
  /** Fed by the model downloader. */
  z.object({
    kind: z.literal('downloading'),
    modelName: z.string(),
    phase: z.optional(z.enum(['listing', 'downloading', 'installing'])),
    bytesDone: z.number().check(z.nonnegative()),
    bytesTotal: z.number().check(z.nonnegative()),
    etaSeconds: z.optional(z.number().check(z.nonnegative())),
  }),
  z.object({ kind: z.literal('loading'), modelName: z.string() }),
  z.object({
    kind: z.literal('ready'),
    modelName: z.string(),
    provider: ExecutionProvider,
    dtype: Dtype,
    /** Why the engine is not on the device it tried first: codes the page words, with the engine's words as detail. */
    fallback: z.optional(DeviceFallback),
    /** The model is reading a capture that just opened, for its first question (host/chat/capture-preparations.ts). */
    readingCapture: z.optional(z.boolean()),
  }),
  /** Unloaded after an idle spell to give its memory back; the next question loads it again. */
  z.object({ kind: z.literal('resting'), modelName: z.string() }),
  /** reason 'stop': restarted on purpose to stop an answer mid-computation; the model reloads by itself. */
  z.object({
    kind: z.literal('restarting'),
    reason: z.enum(['crash', 'stop']),
    delayMs: z.number(),
    attempt: z.number(),
  }),
  z.object({
    kind: z.literal('error'),
    message: z.string(),
    canRetry: z.boolean(),
    /** What kind of failure, when the engine said (the page words it in its own language). */
    code: z.optional(EngineErrorCode),
  }),
]);
export type ChatStatus = z.infer<typeof ChatStatus>;

export const ChatSettings = z.object({
  /** false: conversations are never written to disk, and saved ones are deleted. */
  keepHistory: z.boolean(),
  answerLanguage: AnswerLanguage,
  /** Questions give the model the capture's text beside the image. */
  captureTextToModel: z.boolean(),
  /** Questions go to a model server (not the local engine). */
  answersFromServer: z.boolean(),
  /** What looks secret in a capture is reviewed and filled opaque before it goes to a model server. */
  hideSecretsFromServers: z.boolean(),
});
export type ChatSettings = z.infer<typeof ChatSettings>;

/** The chat's settings, as the app's settings hold them: "keep none" is historyDays 0. */
export function chatSettingsOf(settings: Settings): ChatSettings {
  return {
    keepHistory: settings.historyDays !== 0,
    answerLanguage: settings.answerLanguage,
    captureTextToModel: settings.captureTextToModel,
    answersFromServer: settings.backend.kind !== 'local',
    hideSecretsFromServers: settings.hideSecretsFromServers,
  };
}

export const OpenExternalReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), url: z.string() }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);
export type OpenExternalReply = z.infer<typeof OpenExternalReply>;

/** A file of the user's that Sightline could not read: what became of it, so nothing is lost silently. */
export const StorageNotice = z.discriminatedUnion('kind', [
  /** The settings file did not parse: defaults are in use, and the old file was moved to keptAside. */
  z.object({ kind: z.literal('settings-reset'), keptAside: z.string(), reason: z.string() }),
  /** A saved conversation did not parse: it is not listed, and its file is left where it is. */
  z.object({ kind: z.literal('conversation-unreadable'), file: z.string(), reason: z.string() }),
]);
export type StorageNotice = z.infer<typeof StorageNotice>;

/** A capture's text layer changed: what the page shows over the capture and offers to copy. */
export const CaptureTextChange = z.object({ conversationId: ConversationId, text: CaptureTextState });
export type CaptureTextChange = z.infer<typeof CaptureTextChange>;

const ByConversation = z.object({ conversationId: ConversationId });

/** A capture was added to a conversation (a closer look, or the same region again): its index and what it is. */
export const CaptureAdded = z.object({ conversationId: ConversationId, capture: CaptureIndex, info: LaterCapture });
export type CaptureAdded = z.infer<typeof CaptureAdded>;

/** A closer look: `rect` of capture `capture`, in that capture's own pixels, cut from its full-resolution file. */
export const LookCloserRequest = z.object({ conversationId: ConversationId, capture: CaptureIndex, rect: CaptureRect });
export type LookCloserRequest = z.infer<typeof LookCloserRequest>;

/** One capture of a conversation (host/redaction/). */
export const ByCapture = z.object({ conversationId: ConversationId, capture: CaptureIndex });
export type ByCapture = z.infer<typeof ByCapture>;

/** The boxes the user kept and drew in the review: the host fills them and keeps the image that leaves. */
export const HideSecretsRequest = z.object({
  conversationId: ConversationId,
  capture: CaptureIndex,
  boxes: z.array(RedactionBox).check(z.maxLength(maxRedactionBoxes)),
});
export type HideSecretsRequest = z.infer<typeof HideSecretsRequest>;

/** Copies a capture's image: with its hidden areas filled (`hidden`), or as captured. */
export const CopyImageRequest = z.object({
  conversationId: ConversationId,
  capture: CaptureIndex,
  hidden: z.boolean(),
});
export type CopyImageRequest = z.infer<typeof CopyImageRequest>;

// --- channels ---------------------------------------------------------------------

/** Page to host, request and reply (ipcRenderer.invoke in Electron; a WebSocket request in the web host). */
export const chatInvokeChannels = {
  'chat:status': { request: z.undefined(), reply: ChatStatus },
  'chat:list-conversations': { request: z.undefined(), reply: z.array(ConversationSummary) },
  'chat:open-conversation': { request: ByConversation, reply: Conversation },
  /** A capture's PNG, the first unless `capture` says (Electron only: the web host serves captureImagePath). */
  'chat:capture-image': {
    request: z.object({ conversationId: ConversationId, capture: z.optional(CaptureIndex) }),
    reply: z.instanceof(Uint8Array),
  },
  /** Adds a closer look at a region of a capture as the conversation's latest capture; the page then asks about it. */
  'chat:look-closer': { request: LookCloserRequest, reply: Conversation },
  'chat:delete-conversation': { request: ByConversation, reply: z.null() },
  /** What a page that opens now shows: the latest capture, until the user opens another conversation (null: none). */
  'chat:current-conversation': { request: z.undefined(), reply: z.nullable(ConversationId) },
  /** Opens an image file's bytes (PNG, JPEG, WebP, GIF) as a new capture (Electron only: the web host takes POST /dev/capture). */
  'chat:open-image': { request: z.object({ bytes: z.instanceof(Uint8Array) }), reply: OpenImageReply },
  /** The capture's text layer: being read, read (its lines and boxes), or unreadable. */
  'chat:capture-text': { request: ByConversation, reply: CaptureTextState },
  /** Starts an answer; its events come on the answer's port (Electron) or as 'answer' frames (web). */
  'chat:ask': { request: AskRequest, reply: z.null() },
  'chat:stop': { request: z.object({ answerId: AnswerId }), reply: z.null() },
  /** Loads the model again after a failure. */
  'chat:retry-model': { request: z.undefined(), reply: z.null() },
  /** Files that could not be read (settings reset, conversations skipped), for the page to tell. */
  'chat:storage-notices': { request: z.undefined(), reply: z.array(StorageNotice) },
  /** Opens a link in the system browser after the host checked it (checkExternalUrl). */
  'chat:open-external': { request: z.object({ url: z.string().check(z.maxLength(8192)) }), reply: OpenExternalReply },
  'chat:copy': { request: z.object({ text: z.string() }), reply: z.null() },
  /** Hides the chat window (Esc with nothing to stop or close). */
  'chat:hide': { request: z.undefined(), reply: z.null() },
  /** What looks secret in a capture, found in its text layer, for the review before it goes to a model server. */
  'chat:find-secrets': { request: ByCapture, reply: SecretsFound },
  /** Fills the reviewed boxes opaque and keeps that image as what leaves for this capture (sent-<n>.png). */
  'chat:hide-secrets': { request: HideSecretsRequest, reply: CaptureRedaction },
  /** The image that leaves for a capture with hidden areas (the history's "View what was sent"). */
  'chat:sent-image': { request: ByCapture, reply: SentImage },
  /** Copies a capture's image to the clipboard: with its hidden areas filled, or as captured (Electron; the web page copies itself). */
  'chat:copy-image': {
    request: CopyImageRequest,
    reply: z.null(),
  },
} as const;
export type ChatInvokeChannel = keyof typeof chatInvokeChannels;

/**
 * The channels the chat service answers, the same in every host. The others
 * belong to a page (chat:ask, chat:stop: host/chat/page-answers.ts) or to the
 * app's window (chat:copy, chat:hide, chat:copy-image; the web page does those itself).
 */
export const chatServiceChannels = [
  'chat:status',
  'chat:list-conversations',
  'chat:open-conversation',
  'chat:capture-image',
  'chat:delete-conversation',
  'chat:current-conversation',
  'chat:open-image',
  'chat:capture-text',
  'chat:retry-model',
  'chat:storage-notices',
  'chat:open-external',
  'chat:look-closer',
  'chat:find-secrets',
  'chat:hide-secrets',
  'chat:sent-image',
] as const satisfies ReadonlyArray<ChatInvokeChannel>;
export type ChatServiceChannel = (typeof chatServiceChannels)[number];

/** Main to page (webContents.send / .postMessage). */
export const chatEventChannels = {
  'chat:status-changed': ChatStatus,
  /** A new capture was opened (the hotkey): the page shows it. */
  'chat:capture-opened': ConversationSummary,
  /** A capture's text layer was read (or could not be). */
  'chat:capture-text-changed': CaptureTextChange,
  /** A capture was added to a conversation (a closer look, the repeat shortcut): a page showing it shows it too. */
  'chat:capture-added': CaptureAdded,
  /** Carries one transferred MessagePort: the answer's events out, {type:'stop'} in. */
  'chat:answer-port': z.object({ answerId: AnswerId }),
} as const;

/** On an answer's port, page to host. */
export const AnswerPortRequest = z.object({ type: z.literal('stop') });

/** The preload hands an answer's port to the page with window.postMessage: this message, plus the port. */
export const AnswerPortHandoff = z.object({
  sightline: z.literal('answer-port'),
  nonce: z.string(),
  answerId: AnswerId,
});
export type AnswerPortHandoff = z.infer<typeof AnswerPortHandoff>;
