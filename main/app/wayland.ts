import { app } from 'electron';

/**
 * On Wayland an app cannot grab keys globally; Electron registers global
 * shortcuts through the desktop's GlobalShortcuts portal instead (it matches
 * the app by its desktop file, dev.sightline.Sightline.desktop). Must run
 * before the app is ready. Where the portal is missing, README explains the
 * fallback: bind a system shortcut to `sightline --capture`.
 */
export function useWaylandShortcutPortal(): void {
  const wayland =
    process.platform === 'linux' && (process.env.XDG_SESSION_TYPE === 'wayland' || !!process.env.WAYLAND_DISPLAY);
  if (wayland) app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
}

/** `sightline --capture` from a system shortcut reaches the running instance and starts a capture. */
export function asksForCapture(argv: readonly string[]): boolean {
  return argv.includes('--capture');
}
