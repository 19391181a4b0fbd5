// What the test and the app under the stand-in Electron say to each other,
// over the Node IPC channel of the app's process.

/** Who an IPC message comes from: one of the app's windows, or a frame at some URL. */
export type Sender = { windowId: number } | { frameUrl: string };

export type Command =
  | { op: 'invoke'; channel: string; payload?: unknown; sender: Sender }
  | { op: 'send'; channel: string; payload?: unknown; sender: Sender }
  | { op: 'tray-click'; label: string }
  /** Presses a registered global shortcut: `accelerator`, or the first one registered (the capture shortcut). */
  | { op: 'hotkey'; accelerator?: string }
  | { op: 'second-instance'; argv: string[] }
  | { op: 'answer-port-post'; answerId: string; message: unknown }
  | { op: 'load'; url: string }
  | { op: 'permission'; permission: string }
  | { op: 'crash-utility' }
  | { op: 'state' }
  | { op: 'quit' };

export interface CommandEnvelope {
  id: number;
  command: Command;
}

export interface WindowInfo {
  windowId: number;
  contentsId: number;
  options: Record<string, unknown>;
  url: string;
  visible: boolean;
  destroyed: boolean;
  /** What the window-open handler answers for a link ('allow' when none is set). */
  opensWindows: string;
  /** Something listens to will-navigate (the app prevents every navigation). */
  navigationGuarded: boolean;
}

/** What the stand-in holds that a test may check. */
export interface StandInState {
  windows: WindowInfo[];
  ipcHandlers: string[];
  ipcListeners: string[];
  privilegedSchemes: unknown[];
  protocolSchemes: string[];
  trayMenu: Array<{ label?: string; type?: string; accelerator?: string; enabled?: boolean }>;
  themeSource: string;
  loginItem: { openAtLogin: boolean } | undefined;
  shortcuts: string[];
  commandLineSwitches: string[][];
  permissionHandlers: boolean;
  /** Utility processes running now. */
  utilityProcesses: number;
}

export type Report =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  | { type: 'window'; windowId: number; contentsId: number; options: Record<string, unknown> }
  | { type: 'loaded'; windowId: number; url: string; status: number }
  | { type: 'shown'; windowId: number }
  | { type: 'content-protection'; windowId: number; enabled: boolean }
  | { type: 'closed'; windowId: number }
  | { type: 'sent'; windowId: number; channel: string; payload: unknown }
  | { type: 'port'; answerId: string; data: unknown }
  | { type: 'dialog'; message: string; detail?: string }
  | { type: 'notification'; title: string; body: string }
  | { type: 'clipboard'; text: string }
  /** An image written to the clipboard (chat:copy-image): its MIME types and bytes. */
  | { type: 'clipboard-image'; types: string[]; bytes: number }
  | { type: 'open-external'; url: string }
  /** A call the app made that a test checks it does (or does not) make: the tray, the lock, app.exit... */
  | { type: 'call'; api: string; args?: unknown[] };
