// The page's only door to the app. Inside Electron it is the chat preload's API
// (window.sightline); served in a plain browser there is no app behind the page
// and the bridge says so instead of failing obscurely.
import type { SightlineChatApi } from '../../preload/chat.js';

export type ChatBridge = SightlineChatApi;

declare global {
  interface Window {
    sightline?: ChatBridge;
  }
}

const disconnected: ChatBridge = {
  appInfo: () => Promise.reject(new Error('Not connected to the Sightline app.')),
};

export function chatBridge(): ChatBridge {
  return window.sightline ?? disconnected;
}
