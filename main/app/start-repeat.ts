// The repeat shortcut in the app: its flow (main/capture/repeat-flow.ts) over
// the same ports a capture uses (the displays, the capture adapter, hiding our
// windows, the engine's crop), the chat service to open what it captured, its
// own global shortcut (off until the user picks one), and its problems told
// in words. The behaviour is in the flow, tested without Electron.
import { dialog, globalShortcut } from 'electron';
import { sameAccelerator } from '../../common/accelerator.js';
import { messageOf } from '../../common/message-of.js';
import { repeatShortcutOf, type Settings } from '../../common/settings.js';
import type { ChatRuntime } from '../../host/chat-runtime.js';
import type { HotkeyResult } from '../../host/settings/shortcut-changes.js';
import type { CaptureAdapter } from '../capture/capture-adapter.js';
import type { CapturedRegion } from '../capture/capture-flow.js';
import { allDisplays } from '../capture/displays.js';
import { HotkeyService } from '../capture/hotkey-service.js';
import type { RegionMemory } from '../capture/region-memory.js';
import { RepeatFlow, type RepeatOpened, type RepeatTarget } from '../capture/repeat-flow.js';
import type { ChatWindowHost } from '../windows/chat-window-host.js';
import { hideOwnWindows } from '../windows/own-windows.js';
import { notify } from './problems.js';
import { reportRepeatProblem } from './repeat-problems.js';
import { screenAccess } from './screen-access.js';
import { words } from './ui-language.js';

export interface RepeatShortcut {
  /** The shortcut or the tray item: captures the last region again. */
  trigger(): void;
  /** The repeat shortcut now; undefined while it is off. */
  readonly accelerator: string | undefined;
  /** The settings' effect: registers `accelerator`, or turns the shortcut off (undefined). */
  apply(accelerator: string | undefined): HotkeyResult;
  dispose(): void;
}

export interface RepeatOptions {
  runtime: ChatRuntime;
  chat: ChatWindowHost;
  settings: Settings;
  adapter: CaptureAdapter;
  regions: RegionMemory;
  /** True while a capture runs: the repeat then does nothing. */
  capturing(): boolean;
  /** A normal capture, offered when the region cannot be taken again. */
  capture(): void;
  captureShortcut(): string | undefined;
}

/** Opens a repeated capture where `target` says, the chat window first (as a capture does). */
async function openRepeat(
  runtime: ChatRuntime,
  chat: ChatWindowHost,
  region: CapturedRegion,
  target: RepeatTarget,
): Promise<RepeatOpened> {
  chat.show();
  try {
    if (target.into === 'same-conversation') {
      if (!(await runtime.history.get(target.conversationId))) return 'gone';
      const conversation = await runtime.service.addCapture(target.conversationId, region.png, { kind: 'repeat' });
      return conversation.id;
    }
    return (await runtime.service.openCapture(region.png)).id;
  } catch (error) {
    void dialog.showMessageBox({ type: 'error', message: words().openCaptureFailed, detail: messageOf(error) });
    return undefined;
  }
}

export function startRepeat(options: RepeatOptions): RepeatShortcut {
  const { runtime, chat } = options;
  const flow = new RepeatFlow({
    displays: allDisplays,
    adapter: options.adapter,
    screenAccess,
    hideOwnWindows,
    crop: (capture, rect) => runtime.engine.crop(capture, rect),
    regions: options.regions,
    capturing: options.capturing,
    into: async () => (await runtime.settings.all()).repeatInto,
    open: (region, target) => openRepeat(runtime, chat, region, target),
    report: (problem) => reportRepeatProblem(problem, options),
  });
  const trigger = () => {
    runtime.warmModel();
    void flow.trigger();
  };
  const hotkey = new HotkeyService(
    globalShortcut,
    trigger,
    "the tray menu's Capture the Same Region Again works meanwhile",
  );

  const saved = repeatShortcutOf(options.settings);
  if (saved) {
    const unavailable = words().repeatShortcutUnavailable;
    // A settings file edited by hand can give both jobs one key: the capture shortcut keeps it.
    if (sameAccelerator(saved, options.settings.hotkey, process.platform))
      notify(unavailable.title, unavailable.sameAsCapture(saved));
    else {
      const registered = hotkey.use(saved);
      if (!registered.ok) notify(unavailable.title, unavailable.body(registered.accelerator, registered.reason));
    }
  }

  return {
    trigger,
    get accelerator() {
      return hotkey.accelerator;
    },
    apply(accelerator) {
      if (accelerator === undefined) {
        hotkey.clear();
        return { ok: true };
      }
      const result = hotkey.use(accelerator);
      return result.ok ? { ok: true } : { ok: false, reason: result.reason };
    },
    dispose: () => hotkey.dispose(),
  };
}
