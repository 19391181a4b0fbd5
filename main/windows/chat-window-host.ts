// The one chat window: created on first use, shown and focused on demand, and
// the way main talks to its page. Messages sent while the page is still
// loading wait for it, so a capture taken at launch is not lost.
import type { BrowserWindow } from 'electron';
import { createChatWindow } from './chat-window.js';

export class ChatWindowHost {
  private window: BrowserWindow | undefined;

  /** Shows (creating if needed) and focuses the chat window. */
  show(): BrowserWindow {
    if (!this.window || this.window.isDestroyed()) this.window = createChatWindow();
    else this.window.show();
    this.window.focus();
    return this.window;
  }

  hide(): void {
    if (this.window && !this.window.isDestroyed()) this.window.hide();
  }

  /** The window's webContents id, when it exists (to tell its answers apart). */
  get contentsId(): number | undefined {
    return this.window && !this.window.isDestroyed() ? this.window.webContents.id : undefined;
  }

  /** Sends an event to the page if the window exists; once loaded when it is still loading. */
  send(channel: string, payload: unknown): void {
    const window = this.window;
    if (!window || window.isDestroyed()) return;
    const contents = window.webContents;
    if (contents.isLoading()) contents.once('did-finish-load', () => contents.send(channel, payload));
    else contents.send(channel, payload);
  }
}
