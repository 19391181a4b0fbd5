// Owns one global shortcut (the capture shortcut; the repeat shortcut has
// one too): registers it, and when the OS or another app already holds it,
// says so and keeps the previous one working, so the user can pick another in
// Settings (the tray item does the same job meanwhile). The repeat shortcut
// can be off: `clear` unregisters it.
import { acceleratorProblem } from '../../common/accelerator.js';

/** Electron's globalShortcut, reduced to what the service needs. */
export interface ShortcutPort {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export type HotkeyResult = { ok: true; accelerator: string } | { ok: false; accelerator: string; reason: string };

export class HotkeyService {
  private current: string | undefined;

  constructor(
    private readonly shortcuts: ShortcutPort,
    private readonly onPressed: () => void,
    /** What still does the job while the shortcut is taken, for the reason's last words. */
    private readonly meanwhile = "the tray menu's Capture works meanwhile",
  ) {}

  get accelerator(): string | undefined {
    return this.current;
  }

  /** Makes `accelerator` the shortcut; on failure the previous one stays. */
  use(accelerator: string): HotkeyResult {
    const problem = acceleratorProblem(accelerator);
    if (problem) return { ok: false, accelerator, reason: problem };
    if (accelerator === this.current) return { ok: true, accelerator };
    // Register the new one first: if it is taken, nothing changes.
    if (!this.shortcuts.register(accelerator, this.onPressed)) {
      return {
        ok: false,
        accelerator,
        reason: `${accelerator} is already used by the system or another app. Choose another shortcut in Settings; ${this.meanwhile}.`,
      };
    }
    if (this.current) this.shortcuts.unregister(this.current);
    this.current = accelerator;
    return { ok: true, accelerator };
  }

  /** No shortcut any more (the repeat shortcut turned off). */
  clear(): void {
    if (this.current) this.shortcuts.unregister(this.current);
    this.current = undefined;
  }

  dispose(): void {
    this.clear();
  }
}
