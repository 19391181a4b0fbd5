import { BrowserWindow } from 'electron';

/**
 * A capture must never show Sightline itself: hide every visible window of
 * ours, wait for the compositor to take it off screen, and return how to show
 * them again (without stealing focus from what the user was looking at).
 */
export async function hideOwnWindows(): Promise<() => void> {
  const visible = BrowserWindow.getAllWindows().filter((window) => window.isVisible() && !window.isDestroyed());
  for (const window of visible) window.hide();
  // macOS animates hiding; others repaint on the next frame.
  if (visible.length > 0)
    await new Promise((resolve) => setTimeout(resolve, process.platform === 'darwin' ? 250 : 120));
  return () => {
    for (const window of visible) if (!window.isDestroyed()) window.showInactive();
  };
}
