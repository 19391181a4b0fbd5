// A stand-in for the Electron side of the chat panel, installed in the page
// before it loads: window.sightline with the chat preload's functions, and
// each answer's events on a real MessagePort handed to the page with
// window.postMessage and the preload's nonce — the page's Electron bridge runs
// exactly as it does in the app. The answers are scripted by the test
// (window.__fake): a test-only token source feeding the same bridge.
// (Over 300 lines: one stand-in, for every preload function the page calls.)
import type { Page } from 'playwright';
import type { CaptureTextState } from '../../../common/capture-text.js';
import type {
  ByCapture,
  CopyImageRequest,
  HideSecretsRequest,
  CaptureAdded,
  CaptureTextChange,
  ChatStatus,
  LookCloserRequest,
  StorageNotice,
} from '../../../common/chat-contract.js';
import type { AskRequest, ChatTurn, Conversation, ConversationSummary } from '../../../common/conversation.js';
import type { EngineErrorCode } from '../../../common/engine-protocol.js';
import type { SecretsFound } from '../../../common/redaction.js';
import { defaultSettings, type Settings } from '../../../common/settings.js';
import type { ModelItem, Privacy, SettingsPatch, SettingsView } from '../../../common/settings-contract.js';
import { describeBackendPrivacy } from '../../../common/backend-privacy.js';

export interface FakeAppOptions {
  /** The capture every conversation shows. */
  png: number[];
  width: number;
  height: number;
  status?: ChatStatus;
  /** The user's files the app could not read (the page asks once connected). */
  storageNotices?: StorageNotice[];
  /** The app's settings; default its defaults. */
  settings?: Settings;
  /** Where each new capture's text stands when it opens; default being read. */
  captureText?: CaptureTextState;
  /** The machine the app says it runs on (default Linux on x64): an Intel Mac runs no local model. */
  machine?: { platform: 'darwin' | 'win32' | 'linux'; arch: string };
  /** The model catalog with what is installed (default none). */
  models?: ModelItem[];
}

/** What a host's listing adds to a conversation's summary (conversation-listing.ts). */
export type FakeListing = Pick<ConversationSummary, 'thumbnail' | 'searchText' | 'action'> & { updatedAt?: number };

/** What the test reads back and drives, as window.__fake. */
export interface FakeApp {
  asks: AskRequest[];
  stops: number;
  opened: string[];
  copied: string[];
  hidden: number;
  /** Every change the page sent to 'settings:update', in order. */
  settingsUpdates: SettingsPatch[];
  conversations: Map<string, Conversation>;
  /** Opens a new capture, as the hotkey does; returns its id. */
  openCapture(): string;
  /**
   * Adds a conversation an earlier session saved (the page is not told: it is in the history);
   * `listing`: what the host's listing adds (its thumbnail, its words, when it was last used). Returns its id.
   */
  addConversation(title: string, turns: ChatTurn[], listing?: FakeListing): string;
  setStatus(status: ChatStatus): void;
  /** Where each capture's text stands ('chat:capture-text' answers from here). */
  captureTexts: Map<string, CaptureTextState>;
  /** A capture's reading ended (or failed): kept, and told to the page as the host does. */
  setCaptureText(conversationId: string, text: CaptureTextState): void;
  /** Every closer look the page asked for ('chat:look-closer'), in order. */
  lookClosers: LookCloserRequest[];
  /** Adds a later capture to a conversation (the capture's image, its size), as the host does; returns its index. */
  addLaterCapture(
    conversationId: string,
    origin: 'closer-look' | 'repeat',
    size?: { width: number; height: number },
  ): number;
  /** What 'chat:find-secrets' answers for every capture (the finder is the host's, tested there). */
  secretsFound: SecretsFound;
  /** Every 'chat:hide-secrets' the page sent, in order (each records its redaction on the capture). */
  hides: HideSecretsRequest[];
  /** Every 'chat:copy-image' the page sent. */
  imageCopies: CopyImageRequest[];
  /** The answer being written, if any. */
  answering(): boolean;
  /** Sends text on the current answer (each string is one delta). */
  send(...deltas: string[]): void;
  phase(phase: 'queued' | 'encoding' | 'prefill' | 'decoding'): void;
  end(reason?: 'eos' | 'length' | 'stopped'): void;
  /** Ends the answer with an error of the given kind (default 'internal'). */
  fail(message: string, code?: EngineErrorCode): void;
  /** Streams deltas, one every intervalMs (0: one per task), then ends with 'eos' unless told not to. */
  stream(deltas: string[], intervalMs: number, end?: boolean): Promise<void>;
  /** Sends deltas in batches, waiting a frame after each batch (to build a long answer quickly). */
  fill(deltas: string[], perFrame: number): Promise<void>;
}

declare global {
  interface Window {
    __fake: FakeApp;
  }
}

function fakeApp(options: FakeAppOptions & { settings: Settings; privacy: Privacy }): void {
  const listeners = {
    status: new Set<(s: ChatStatus) => void>(),
    capture: new Set<(c: ConversationSummary) => void>(),
    captureText: new Set<(change: CaptureTextChange) => void>(),
    added: new Set<(added: CaptureAdded) => void>(),
  };
  const nonce = 'fake-nonce-' + Math.random().toString(36).slice(2);
  const png = new Uint8Array(options.png);
  let status: ChatStatus = options.status ?? {
    kind: 'ready',
    modelName: 'Fake model',
    provider: 'cpu',
    dtype: 'q8',
  };
  let counter = 0;
  let latestCapture: string | undefined;
  let settingsView: SettingsView = {
    settings: options.settings,
    apiKeyStored: { ollama: false, openai: false },
    privacy: options.privacy,
    startAtLoginSupported: false,
    screenShareHidingSupported: false,
  };
  let current:
    | {
        request: AskRequest;
        port: MessagePort;
        text: string;
        ended: boolean;
      }
    | undefined;

  const listings = new Map<string, FakeListing>();
  /** Closer looks' PNGs, by `<conversation id>/<capture index>` (any other capture shows options.png). */
  const laterPngs = new Map<string, Uint8Array>();
  const summarize = (c: Conversation): ConversationSummary => ({
    id: c.id,
    title: c.title,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    capture: c.capture,
    questions: c.turns.filter((turn) => turn.role === 'user').length,
    ...listings.get(c.id),
  });

  const finish = (
    event: unknown,
    outcome: 'eos' | 'length' | 'stopped' | 'error',
    error?: { message: string; code: EngineErrorCode },
  ) => {
    const answer = current;
    if (!answer || answer.ended) return;
    answer.ended = true;
    const conversation = fake.conversations.get(answer.request.conversationId);
    if (conversation) {
      conversation.turns.push({
        role: 'assistant',
        text: answer.text,
        outcome,
        ...(error ? { error: error.message, errorCode: error.code } : {}),
        at: Date.now(),
      });
    }
    answer.port.postMessage(event);
    answer.port.close();
    current = undefined;
  };

  const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

  const newConversation = (title: string, turns: ChatTurn[]): Conversation => {
    counter += 1;
    const now = Date.now() + counter;
    const id = `fake${String(counter).padStart(4, '0')}-conv`;
    const conversation: Conversation = {
      version: 1,
      id,
      title,
      createdAt: now,
      updatedAt: now,
      capture: { width: options.width, height: options.height, bytes: png.byteLength },
      turns,
    };
    fake.conversations.set(id, conversation);
    fake.captureTexts.set(id, options.captureText ?? { state: 'reading' });
    return conversation;
  };

  const fake: FakeApp = {
    asks: [],
    stops: 0,
    opened: [],
    copied: [],
    hidden: 0,
    settingsUpdates: [],
    conversations: new Map(),
    captureTexts: new Map(),
    openCapture() {
      const conversation = newConversation('', []);
      latestCapture = conversation.id;
      for (const listener of listeners.capture) listener(summarize(conversation));
      return conversation.id;
    },
    addConversation(title, turns, listing) {
      const { id } = newConversation(title, turns);
      if (listing) listings.set(id, listing);
      return id;
    },
    setStatus(next) {
      status = next;
      for (const listener of listeners.status) listener(next);
    },
    setCaptureText(conversationId, text) {
      fake.captureTexts.set(conversationId, text);
      for (const listener of listeners.captureText) listener({ conversationId, text });
    },
    lookClosers: [],
    secretsFound: { findings: [], textRead: true },
    hides: [],
    imageCopies: [],
    addLaterCapture(conversationId, origin, size) {
      const conversation = conversationOf(conversationId);
      const info = {
        width: size?.width ?? options.width,
        height: size?.height ?? options.height,
        bytes: png.byteLength,
      };
      const later = { ...info, origin, at: Date.now() };
      conversation.laterCaptures = [...(conversation.laterCaptures ?? []), later];
      const capture = conversation.laterCaptures.length;
      for (const listener of listeners.added) listener({ conversationId, capture, info: later });
      return capture;
    },
    answering: () => current !== undefined && !current.ended,
    send(...deltas) {
      for (const text of deltas) {
        if (!current || current.ended) return;
        current.text += text;
        current.port.postMessage({ type: 'delta', text });
      }
    },
    phase(phase) {
      current?.port.postMessage({ type: 'phase', phase });
    },
    end(reason = 'eos') {
      finish({ type: 'done', reason }, reason);
    },
    fail(message, code = 'internal') {
      finish({ type: 'error', error: { code, message } }, 'error', { message, code });
    },
    async stream(deltas, intervalMs, end = true) {
      for (const delta of deltas) {
        if (!fake.answering()) return;
        fake.send(delta);
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
      if (end) fake.end('eos');
    },
    async fill(deltas, perFrame) {
      for (let i = 0; i < deltas.length; i += perFrame) {
        fake.send(...deltas.slice(i, i + perFrame));
        await frame();
      }
    },
  };
  window.__fake = fake;

  const conversationOf = (id: string) => {
    const conversation = fake.conversations.get(id);
    if (!conversation) throw new Error('This conversation no longer exists.');
    return conversation;
  };

  const api = {
    appInfo: () =>
      Promise.resolve({
        name: 'Sightline',
        version: '0.0.0-fake',
        platform: options.machine?.platform ?? ('linux' as const),
        arch: options.machine?.arch ?? 'x64',
        versions: { electron: 'fake', chrome: '', node: '' },
      }),
    portNonce: () => nonce,
    status: () => Promise.resolve(status),
    onStatusChanged: (listener: (s: ChatStatus) => void) => {
      listeners.status.add(listener);
      return () => void listeners.status.delete(listener);
    },
    onCaptureOpened: (listener: (c: ConversationSummary) => void) => {
      listeners.capture.add(listener);
      return () => void listeners.capture.delete(listener);
    },
    listConversations: () =>
      Promise.resolve([...fake.conversations.values()].map(summarize).sort((a, b) => b.updatedAt - a.updatedAt)),
    openConversation: (id: string) => Promise.resolve(structuredClone(conversationOf(id))),
    // What a page that connects now opens: the latest capture, as the host keeps it.
    currentConversation: () => Promise.resolve(latestCapture ?? null),
    // An image opened or pasted: a new capture (the conversion is the host's, tested there).
    openImage: () => {
      const id = fake.openCapture();
      return Promise.resolve({ ok: true as const, conversation: summarize(conversationOf(id)) });
    },
    captureImage: (id: string, capture = 0) => {
      const conversation = conversationOf(id);
      if (capture > (conversation.laterCaptures?.length ?? 0)) return Promise.reject(new Error('No such capture.'));
      return Promise.resolve(new Uint8Array(laterPngs.get(`${id}/${capture}`) ?? png));
    },
    // Cut from the capture's PNG as the host does (the page's canvas stands in for the engine's crop).
    lookCloser: async (request: LookCloserRequest) => {
      fake.lookClosers.push(request);
      const { x, y, width, height } = request.rect;
      const canvas = new OffscreenCanvas(width, height);
      const source = await createImageBitmap(
        new Blob([new Uint8Array(laterPngs.get(`${request.conversationId}/${request.capture}`) ?? png)]),
      );
      canvas.getContext('2d')?.drawImage(source, x, y, width, height, 0, 0, width, height);
      const cropped = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
      const index = (conversationOf(request.conversationId).laterCaptures?.length ?? 0) + 1;
      laterPngs.set(`${request.conversationId}/${index}`, cropped);
      fake.addLaterCapture(request.conversationId, 'closer-look', { width, height });
      return structuredClone(conversationOf(request.conversationId));
    },
    findSecrets: () => Promise.resolve(structuredClone(fake.secretsFound)),
    // Records the redaction on the capture, as the host does (the fill is the host's, tested there).
    hideSecrets: (request: HideSecretsRequest) => {
      fake.hides.push(request);
      const conversation = conversationOf(request.conversationId);
      const redaction = { boxes: request.boxes, at: Date.now() };
      if (request.capture === 0) conversation.capture.redaction = redaction;
      else conversation.laterCaptures![request.capture - 1]!.redaction = redaction;
      return Promise.resolve(redaction);
    },
    // The capture with its boxes filled black: the page's canvas stands in for the host's fill.
    sentImage: async (request: ByCapture) => {
      const conversation = conversationOf(request.conversationId);
      const info = request.capture === 0 ? conversation.capture : conversation.laterCaptures![request.capture - 1]!;
      const canvas = new OffscreenCanvas(info.width, info.height);
      const context = canvas.getContext('2d')!;
      const source = laterPngs.get(`${request.conversationId}/${request.capture}`) ?? png;
      context.drawImage(await createImageBitmap(new Blob([new Uint8Array(source)])), 0, 0);
      context.fillStyle = '#000';
      for (const box of info.redaction?.boxes ?? []) context.fillRect(box.x, box.y, box.width, box.height);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return { pngBase64: btoa(binary) };
    },
    copyImage: (request: CopyImageRequest) => {
      fake.imageCopies.push(request);
      return Promise.resolve(null);
    },
    onCaptureAdded: (listener: (added: CaptureAdded) => void) => {
      listeners.added.add(listener);
      return () => void listeners.added.delete(listener);
    },
    captureText: (id: string) => {
      conversationOf(id);
      return Promise.resolve(structuredClone(fake.captureTexts.get(id) ?? { state: 'reading' as const }));
    },
    onCaptureTextChanged: (listener: (change: CaptureTextChange) => void) => {
      listeners.captureText.add(listener);
      return () => void listeners.captureText.delete(listener);
    },
    deleteConversation: (id: string) => {
      fake.conversations.delete(id);
      return Promise.resolve(null);
    },
    ask: (request: AskRequest) => {
      fake.asks.push(request);
      const conversation = conversationOf(request.conversationId);
      if (request.mode !== 'ask' && conversation.turns.at(-1)?.role === 'assistant') conversation.turns.pop();
      if (request.mode === 'ask') {
        // About the latest capture, as the host's applyQuestion has it.
        const latest = conversation.laterCaptures?.length ?? 0;
        conversation.turns.push({
          role: 'user',
          text: request.question ?? '',
          ...(latest > 0 ? { capture: latest } : {}),
          at: Date.now(),
        });
      } else if (request.mode === 'edit') {
        conversation.turns[conversation.turns.length - 1] = {
          role: 'user',
          text: request.question ?? '',
          at: Date.now(),
        };
      }
      conversation.title ||= request.question ?? '';
      conversation.updatedAt = Date.now();
      const channel = new MessageChannel();
      current = { request, port: channel.port1, text: '', ended: false };
      const answer = current;
      channel.port1.onmessage = (message: MessageEvent) => {
        if ((message.data as { type?: string }).type === 'stop' && current === answer) {
          fake.stops += 1;
          fake.end('stopped');
        }
      };
      window.postMessage({ sightline: 'answer-port', nonce, answerId: request.answerId }, window.location.origin, [
        channel.port2,
      ]);
      channel.port1.postMessage({ type: 'phase', phase: 'queued' });
      return Promise.resolve(null);
    },
    stop: () => {
      fake.stops += 1;
      fake.end('stopped');
      return Promise.resolve(null);
    },
    retryModel: () => Promise.resolve(null),
    storageNotices: () => Promise.resolve(options.storageNotices ?? []),
    openExternal: (url: string) => {
      fake.opened.push(url);
      return Promise.resolve({ ok: true as const, url });
    },
    copy: (text: string) => {
      fake.copied.push(text);
      return Promise.resolve(null);
    },
    hide: () => {
      fake.hidden += 1;
      return Promise.resolve(null);
    },
    // The settings as far as the chat uses them (the panel runs against the web host: settings/panel.test.ts).
    settingsGet: () => Promise.resolve(structuredClone(settingsView)),
    settingsUpdate: (patch: SettingsPatch) => {
      fake.settingsUpdates.push(patch);
      const { historyDays, ...rest } = patch;
      const settings: Settings = { ...settingsView.settings, ...rest };
      if (historyDays === null) delete settings.historyDays;
      else if (historyDays !== undefined) settings.historyDays = historyDays;
      settingsView = { ...settingsView, settings };
      return Promise.resolve({ ok: true as const, view: structuredClone(settingsView) });
    },
    models: () => Promise.resolve({ models: structuredClone(options.models ?? []) }),
    onSettingsChanged: () => () => {},
    onDownloadProgress: () => () => {},
    onShowView: () => () => {},
  };
  (window as unknown as { sightline: typeof api }).sightline = api;
}

/** Installs the fake app in every page of `page`'s context loaded from now on. */
export async function installFakeApp(page: Page, options: FakeAppOptions): Promise<void> {
  const settings = options.settings ?? defaultSettings('CommandOrControl+Shift+2');
  // Where captures go, as the app says it for these settings (the page words it).
  const { sendsOffMachine, sentence, host } = describeBackendPrivacy(settings.backend);
  // As source text: tsx compiles test code with esbuild's keepNames, whose
  // __name helper does not exist in the page — defined here for this script
  // and for the functions tests pass to page.evaluate.
  await page.addInitScript({
    content: `globalThis.__name = (target) => target; (${fakeApp.toString()})(${JSON.stringify({
      ...options,
      settings,
      privacy: { sendsOffMachine, sentence, ...(host !== undefined ? { host } : {}) },
    })});`,
  });
}
