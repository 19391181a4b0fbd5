// The chat panel's state. The conversation shown is the page's copy of the
// host's: a question and an answer change it here by the same rules
// (chat-contract's applyQuestion/applyAnswer) as they change the stored one.
// A streaming answer is a MarkdownStream fed token by token; the page
// re-renders it at most once per animation frame (liveVersion).
// (Over 400 lines: one zustand `create` for connection, conversation, answers,
// dialogs and notices; splitting it into slices is part of the structure work.)
import { create } from 'zustand';
import i18next from 'i18next';
import {
  applyAnswer,
  applyQuestion,
  maxQuestionLength,
  type AskRequest,
  type ChatSettings,
  type ChatStatus,
  type Conversation,
  type ConversationSummary,
  type QuickAction,
  type StorageNotice,
} from '../../common/chat-contract.js';
import type { AnswerEvent, GenerationPhase } from '../../common/engine-protocol.js';
import type { AppInfo } from '../../common/ipc-contract.js';
import { checkExternalUrl } from '../../common/external-url.js';
import { chatBridge, connectionLost, notConnected, type AnswerHandle } from './bridge.js';
import { setMarkdownActions } from './markdown/Markdown.js';
import { MarkdownStream, parseMarkdown, plainText, type MarkdownSnapshot } from './markdown/stream.js';

export type Connection =
  { state: 'connecting' } | { state: 'connected'; info: AppInfo } | { state: 'offline'; reason: string };

export interface LiveAnswer {
  readonly answerId: string;
  readonly conversationId: string;
  readonly stream: MarkdownStream;
  handle: AnswerHandle | undefined;
}

export type Dialog =
  | { kind: 'link'; url: string }
  | { kind: 'delete'; conversationId: string; title: string }
  | { kind: 'keep-off' }
  | { kind: 'zoom' }
  /** A model's files (or its partial download) are about to be deleted. */
  | { kind: 'remove-model'; id: string; name: string; bytes: number; partial: boolean };

export interface ChatState {
  connection: Connection;
  status: ChatStatus | undefined;
  settings: ChatSettings | undefined;
  view: 'conversation' | 'history' | 'settings';
  history: ConversationSummary[];
  conversation: Conversation | undefined;
  imageUrl: string | undefined;
  draft: string;
  /** The quick action whose question is in the draft, as long as it is unchanged. */
  draftAction: { action: QuickAction; text: string } | undefined;
  editing: boolean;
  live: LiveAnswer | undefined;
  livePhase: GenerationPhase | undefined;
  /** Bumped once per animation frame while tokens arrive. */
  liveVersion: number;
  /** What the polite live region says (not the tokens: the answer once done). */
  announcement: string;
  dialog: Dialog | undefined;
  notice: string | undefined;
  /** The user's files the app could not read (settings reset, conversations skipped), until dismissed. */
  storageNotices: StorageNotice[];
  /** Bumped to put the focus in the question field. */
  focusRequest: number;

  connect(): Promise<void>;
  openConversation(conversationId: string): Promise<void>;
  showHistory(): Promise<void>;
  showSettings(): void;
  showConversation(): void;
  setDraft(text: string): void;
  pickAction(action: QuickAction, question: string): void;
  send(): void;
  regenerate(): void;
  startEdit(): void;
  cancelEdit(): void;
  stop(): void;
  askDelete(conversationId: string, title: string): void;
  confirmDelete(): Promise<void>;
  setKeepHistory(keep: boolean): Promise<void>;
  confirmKeepOff(): Promise<void>;
  requestLink(url: string): void;
  confirmLink(): Promise<void>;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  copy(text: string): Promise<void>;
  retryModel(): void;
  openImage(file: Blob): Promise<void>;
  dismissNotice(): void;
  dismissStorageNotices(kind: StorageNotice['kind']): void;
  escape(): void;
}

const t = (key: string, options: Record<string, unknown> = {}): string => i18next.t(key, options);

/** An error's message, in the UI's language where it is one of the bridge's own. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message === notConnected) return t('offline');
  if (message === connectionLost) return t('lost');
  return message;
}

// --- finished answers, parsed once ----------------------------------------------

const parsed = new Map<string, MarkdownSnapshot>();
const parsedLimit = 64;

/** A finished answer's blocks (cached by text: a streamed answer hands its own over). */
export function parsedAnswer(text: string): MarkdownSnapshot {
  let snapshot = parsed.get(text);
  if (!snapshot) {
    snapshot = parseMarkdown(text);
    remember(text, snapshot);
  }
  return snapshot;
}

function remember(text: string, snapshot: MarkdownSnapshot): void {
  parsed.set(text, snapshot);
  if (parsed.size > parsedLimit) parsed.delete(parsed.keys().next().value as string);
}

function newAnswerId(): string {
  return crypto.randomUUID();
}

const announceLimit = 4000;

let connecting = false;
let framePending = false;

export const useChatStore = create<ChatState>((set, get) => {
  const bridge = () => chatBridge();

  const notice = (error: unknown) => set({ notice: reasonOf(error) });

  const scheduleFrame = () => {
    if (framePending) return;
    framePending = true;
    requestAnimationFrame(() => {
      framePending = false;
      set((state) => ({ liveVersion: state.liveVersion + 1 }));
    });
  };

  const finishLive = (live: LiveAnswer, event: Extract<AnswerEvent, { type: 'done' | 'error' }>) => {
    const text = live.stream.text;
    const parsedText = live.stream.finish();
    remember(text, parsedText);
    const end =
      event.type === 'done'
        ? { outcome: event.reason }
        : { outcome: 'error' as const, error: event.error.message, errorCode: event.error.code };
    const state = get();
    const conversation =
      state.conversation?.id === live.conversationId
        ? applyAnswer(state.conversation, text, end, Date.now())
        : state.conversation;
    const announcement =
      event.type === 'error'
        ? t('announce.failed', { message: event.error.message })
        : event.reason === 'stopped'
          ? t('announce.stopped')
          : t('announce.done', { text: plainText(parsedText).slice(0, announceLimit) });
    set((s) => ({
      live: undefined,
      livePhase: undefined,
      liveVersion: s.liveVersion + 1,
      conversation,
      announcement,
      focusRequest: s.focusRequest + 1,
    }));
  };

  const start = (request: AskRequest) => {
    const state = get();
    if (!state.conversation || state.live) return;
    const applied = applyQuestion(state.conversation, request, Date.now());
    if (!applied.ok) return set({ notice: applied.reason });
    const live: LiveAnswer = {
      answerId: request.answerId,
      conversationId: request.conversationId,
      stream: new MarkdownStream(),
      handle: undefined,
    };
    set({
      conversation: applied.conversation,
      draft: '',
      draftAction: undefined,
      editing: false,
      live,
      livePhase: undefined,
      notice: undefined,
      announcement: t('announce.answering'),
    });
    const onEvent = (event: AnswerEvent) => {
      if (get().live !== live) return;
      switch (event.type) {
        case 'phase':
          return set({ livePhase: event.phase });
        case 'delta':
          live.stream.append(event.text);
          return scheduleFrame();
        case 'done':
        case 'error':
          return finishLive(live, event);
      }
    };
    live.handle = bridge().ask(request, onEvent);
  };

  /** Notices the user dismissed stay dismissed when the list is read again (by kind and file). */
  const dismissed = new Set<string>();
  const noticeKey = (item: StorageNotice) =>
    `${item.kind}:${item.kind === 'settings-reset' ? item.keptAside : item.file}`;
  const refreshStorageNotices = async () => {
    const notices = await bridge()
      .storageNotices()
      .catch(() => []);
    set({ storageNotices: notices.filter((item) => !dismissed.has(noticeKey(item))) });
  };

  const refreshHistory = async () => {
    try {
      set({ history: await bridge().listConversations() });
    } catch (error) {
      notice(error);
    }
    await refreshStorageNotices();
  };

  setMarkdownActions({
    openLink: (url) => get().requestLink(url),
    copy: (text) => get().copy(text),
  });

  return {
    connection: { state: 'connecting' },
    status: undefined,
    settings: undefined,
    view: 'conversation',
    history: [],
    conversation: undefined,
    imageUrl: undefined,
    draft: '',
    draftAction: undefined,
    editing: false,
    live: undefined,
    livePhase: undefined,
    liveVersion: 0,
    announcement: '',
    dialog: undefined,
    notice: undefined,
    storageNotices: [],
    focusRequest: 0,

    async connect() {
      if (connecting) return;
      connecting = true;
      const b = bridge();
      b.onStatus((status) => set({ status }));
      b.onCapture((summary) => {
        void get().openConversation(summary.id);
        if (get().view === 'history') void refreshHistory();
      });
      b.onDisconnect((reason) => set({ connection: { state: 'offline', reason: reasonOf(new Error(reason)) } }));
      try {
        const info = await b.appInfo();
        set({ connection: { state: 'connected', info } });
        const [status, settings, history] = await Promise.all([b.status(), b.settings(), b.listConversations()]);
        set((state) => ({ status: state.status ?? status, settings, history }));
        await refreshStorageNotices();
      } catch (error) {
        set({ connection: { state: 'offline', reason: reasonOf(error) } });
      }
    },

    async openConversation(conversationId) {
      try {
        const b = bridge();
        const conversation = await b.openConversation(conversationId);
        const image = await b.captureImage(conversationId).catch(() => undefined);
        const previous = get().imageUrl;
        if (previous) URL.revokeObjectURL(previous);
        set((state) => ({
          conversation,
          imageUrl: image ? URL.createObjectURL(image) : undefined,
          view: 'conversation',
          draft: '',
          draftAction: undefined,
          editing: false,
          notice: undefined,
          dialog: undefined,
          focusRequest: state.focusRequest + 1,
        }));
      } catch (error) {
        notice(error);
      }
    },

    async showHistory() {
      set({ view: 'history' });
      await refreshHistory();
    },

    showSettings() {
      set({ view: 'settings' });
    },

    showConversation() {
      set((state) => ({ view: 'conversation', focusRequest: state.focusRequest + 1 }));
    },

    setDraft(text) {
      set((state) => ({
        draft: text,
        draftAction: state.draftAction && state.draftAction.text === text ? state.draftAction : undefined,
      }));
    },

    pickAction(action, question) {
      set((state) => ({
        draft: question,
        draftAction: { action, text: question },
        focusRequest: state.focusRequest + 1,
      }));
    },

    send() {
      const state = get();
      if (!state.conversation || state.live) return;
      const question = state.draft.trim();
      if (!question) return;
      if (question.length > maxQuestionLength) {
        return set({ notice: t('composer.tooLong', { count: maxQuestionLength }) });
      }
      const action = state.draftAction?.text === state.draft ? state.draftAction.action : undefined;
      start({
        answerId: newAnswerId(),
        conversationId: state.conversation.id,
        mode: state.editing ? 'edit' : 'ask',
        question,
        ...(action && !state.editing ? { action } : {}),
      });
    },

    regenerate() {
      const state = get();
      if (!state.conversation || state.live) return;
      start({ answerId: newAnswerId(), conversationId: state.conversation.id, mode: 'regenerate' });
    },

    startEdit() {
      const state = get();
      const last = state.conversation?.turns.findLast((turn) => turn.role === 'user');
      if (!last || state.live) return;
      set({ editing: true, draft: last.text, draftAction: undefined, focusRequest: state.focusRequest + 1 });
    },

    cancelEdit() {
      set((state) => ({ editing: false, draft: '', focusRequest: state.focusRequest + 1 }));
    },

    stop() {
      get().live?.handle?.stop();
    },

    askDelete(conversationId, title) {
      set({ dialog: { kind: 'delete', conversationId, title } });
    },

    async confirmDelete() {
      const dialog = get().dialog;
      if (dialog?.kind !== 'delete') return;
      set({ dialog: undefined });
      try {
        await bridge().deleteConversation(dialog.conversationId);
        if (get().conversation?.id === dialog.conversationId) {
          const url = get().imageUrl;
          if (url) URL.revokeObjectURL(url);
          set({ conversation: undefined, imageUrl: undefined });
        }
      } catch (error) {
        notice(error);
      }
      await refreshHistory();
    },

    async setKeepHistory(keep) {
      const settings = get().settings;
      if (!settings) return;
      if (!keep) return set({ dialog: { kind: 'keep-off' } });
      try {
        set({ settings: await bridge().setSettings({ ...settings, keepHistory: true }) });
      } catch (error) {
        notice(error);
      }
      await refreshHistory();
    },

    async confirmKeepOff() {
      const settings = get().settings;
      set({ dialog: undefined });
      if (!settings) return;
      try {
        set({ settings: await bridge().setSettings({ ...settings, keepHistory: false }) });
      } catch (error) {
        notice(error);
      }
      await refreshHistory();
    },

    requestLink(url) {
      const checked = checkExternalUrl(url);
      if (!checked.ok) return set({ notice: t('link.refused', { reason: checked.reason }) });
      set({ dialog: { kind: 'link', url: checked.url } });
    },

    async confirmLink() {
      const dialog = get().dialog;
      if (dialog?.kind !== 'link') return;
      set({ dialog: undefined });
      try {
        const reply = await bridge().openExternal(dialog.url);
        if (!reply.ok) set({ notice: t('link.refused', { reason: reply.reason }) });
      } catch (error) {
        notice(error);
      }
    },

    openDialog(dialog) {
      set({ dialog });
    },

    closeDialog() {
      set((state) => ({ dialog: undefined, focusRequest: state.focusRequest + 1 }));
    },

    async copy(text) {
      try {
        await bridge().copyText(text);
      } catch (error) {
        notice(error);
        throw error;
      }
    },

    retryModel() {
      bridge()
        .retryModel()
        .catch((error: unknown) => notice(error));
    },

    async openImage(file) {
      try {
        await bridge().openImage?.(file);
      } catch (error) {
        notice(error);
      }
    },

    dismissNotice() {
      set({ notice: undefined });
    },

    dismissStorageNotices(kind) {
      const { storageNotices } = get();
      for (const item of storageNotices) if (item.kind === kind) dismissed.add(noticeKey(item));
      set({ storageNotices: storageNotices.filter((item) => item.kind !== kind) });
    },

    escape() {
      const state = get();
      if (state.dialog) return state.closeDialog();
      if (state.live) return state.stop();
      if (state.editing) return state.cancelEdit();
      if (state.view === 'history' && state.conversation) return state.showConversation();
      if (state.view === 'settings') return state.showConversation();
      bridge().hideWindow();
    },
  };
});
