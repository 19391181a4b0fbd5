// Picks this page's bridge once, by what is behind the page:
// - in Electron, the chat preload's API (window.sightline): bridge-electron;
// - served over http by the development web host, a WebSocket to that host,
//   which runs the real engine and history store: bridge-web;
// - with neither, a bridge that says plainly that no app is behind the page.
import { webHostMarker, webSocketPath } from '../../common/chat-web-contract.js';
import type { SightlineChatApi } from '../../preload/chat.js';
import type { ChatBridge } from './bridge.js';
import { electronBridge } from './bridge-electron.js';
import { disconnectedBridge } from './bridge-none.js';
import { webSocketBridge } from './bridge-web.js';

declare global {
  interface Window {
    sightline?: SightlineChatApi;
  }
}

let bridge: ChatBridge | undefined;

/** The development web host marks the pages it serves (webHostMarker); any other server is not an app. */
function servedByWebHost(): boolean {
  return location.protocol === 'http:' && document.querySelector(`meta[name="${webHostMarker}"]`) !== null;
}

/** The bridge for this page, created once. */
export function chatBridge(): ChatBridge {
  if (!bridge) {
    if (window.sightline) bridge = electronBridge(window.sightline);
    else if (servedByWebHost()) bridge = webSocketBridge(`ws://${location.host}${webSocketPath}`);
    else bridge = disconnectedBridge();
  }
  return bridge;
}
