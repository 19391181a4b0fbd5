// A page that opens after a capture was taken opens on it: the host keeps the
// latest capture as the current conversation until the user opens another
// (chat:current-conversation), so the chat window the app creates again, or a
// browser tab opened after the web host's --capture, shows it instead of
// "Nothing captured yet". A capture that arrives while the page is open comes
// as its event, as before.
import { useEffect } from 'react';
import { chatBridge } from './bridge-for-page.js';
import type { ChatState } from './store/state.js';
import { useChatStore } from './store.js';

export function useOpensCurrentConversation(): void {
  const connected = useChatStore((state) => state.connection.state === 'connected');
  useEffect(() => {
    if (!connected) return;
    let cancelled = false;
    void openCurrent(() => cancelled);
    return () => {
      cancelled = true;
    };
  }, [connected]);
}

async function openCurrent(cancelled: () => boolean): Promise<void> {
  let conversationId: string | null;
  try {
    conversationId = await chatBridge().currentConversation();
  } catch {
    return; // a host with no current conversation to give: the page opens empty, as it did
  }
  const state = useChatStore.getState();
  // A capture's event, or the user, got there first: what the page shows now stays.
  if (cancelled() || conversationId === null || state.conversation || state.view !== 'conversation') return;
  // Opening shows the conversation view: a view the user chose meanwhile (History, Settings) stays theirs.
  let userView: ChatState['view'] | undefined;
  const off = useChatStore.subscribe((now, before) => {
    if (now.conversation !== before.conversation && now.conversation?.id === conversationId) userView = before.view;
  });
  try {
    await state.openConversation(conversationId);
  } finally {
    off();
  }
  if (userView && userView !== 'conversation') useChatStore.setState({ view: userView });
}
