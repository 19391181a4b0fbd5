// Sightline's own windows (the chat, the overlays) stay out of screenshots,
// screen recordings and screen shares where the system allows it: Electron's
// content protection (WDA_EXCLUDEFROMCAPTURE on Windows 10 2004 and later,
// NSWindowSharingNone on macOS). Linux has no such mechanism; the settings
// page says so. On by default; the setting "Hide Sightline from screen
// sharing" turns it off, for every open window at once.
import type { BrowserWindow } from 'electron';

const windows = new Set<BrowserWindow>();
let hidden = true;

/** Applies the setting to a new window, and to later changes of it until the window closes. */
export function protectFromScreenShare(window: BrowserWindow): void {
  windows.add(window);
  window.once('closed', () => windows.delete(window));
  window.setContentProtection(hidden);
}

export function setHiddenFromScreenShare(hide: boolean): void {
  hidden = hide;
  for (const window of windows) if (!window.isDestroyed()) window.setContentProtection(hide);
}
