// A stand-in for the `electron` module, for running the built main process
// (dist/main/index.js) under plain Node where no Electron binary exists. It
// implements the part of Electron's API the app uses, faithfully enough for
// the app's own code to run for real: its composition root, IPC guards,
// protocol handler, windows, tray, settings, chat IPC with MessagePorts, and
// the engine in its "utility process" (a Node child process, with the
// MessagePorts it is given relayed: utility-child.mjs). Pages are not rendered: the test
// plays the pages' part through IPC, over the control channel (control.ts).
//
// Where Electron behaves in a way the app relies on, so does this: a second
// ipcMain.handle for a channel throws, a MessagePort queues until started,
// will-quit can be prevented, new web contents are announced on the app.
// (Over 300 lines: the app imports one `electron` module, and its parts share
// the tables of windows, web contents, IPC handlers and ports kept here.)
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fork, type ChildProcess } from 'node:child_process';
import { MessageChannel } from 'node:worker_threads';
import { pngSize } from '../../../common/png-size.js';
import { contentTypeOf } from '../../../web-host/content-types.js';
import type { Command, CommandEnvelope, Report, Sender, StandInState, WindowInfo } from './control.js';
import { PortMain } from './port-main.mjs';

// Electron's process carries its own versions; the app reports them.
for (const [name, value] of Object.entries({ electron: '0.0.0-stand-in', chrome: '0.0.0-stand-in' })) {
  Object.defineProperty(process.versions, name, { value, enumerable: true });
}
// The app runs as `node dist/main/index.js <args>`: its argv looks like the
// one of `electron . <args>`, where Electron sets process.defaultApp.
Object.defineProperty(process, 'defaultApp', { value: true, enumerable: true });

const userData = process.env.STAND_IN_USER_DATA;
if (!userData) throw new Error('STAND_IN_USER_DATA must name the user-data folder.');
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

function report(message: Report): void {
  process.send?.(message);
}

// --- images, screens, capture ---------------------------------------------------

class ImageStandIn {
  constructor(private readonly png: Buffer | undefined) {}
  isEmpty(): boolean {
    return !this.png || this.png.length === 0;
  }
  toPNG(): Buffer {
    return this.png ?? Buffer.alloc(0);
  }
  getSize(): { width: number; height: number } {
    return (this.png && pngSize(this.png)) ?? { width: 0, height: 0 };
  }
}

export const nativeImage = {
  createFromPath: (file: string) => new ImageStandIn(existsSync(file) ? readFileSync(file) : undefined),
  createFromBuffer: (buffer: Buffer) => new ImageStandIn(buffer),
};

/** One display, the size of the screen image the test provides. */
const screenPng = process.env.STAND_IN_SCREEN_PNG ? readFileSync(process.env.STAND_IN_SCREEN_PNG) : undefined;
const screenSize = (screenPng && pngSize(screenPng)) ?? { width: 1280, height: 800 };
const display = {
  id: 1,
  label: 'Stand-in display',
  bounds: { x: 0, y: 0, ...screenSize },
  workArea: { x: 0, y: 0, ...screenSize },
  scaleFactor: 1,
  rotation: 0,
};

export const screen = {
  getAllDisplays: () => [display],
  getPrimaryDisplay: () => display,
  getDisplayNearestPoint: () => display,
  getCursorScreenPoint: () => ({ x: 10, y: 10 }),
};

export const desktopCapturer = {
  getSources: async (_options: { types: string[]; thumbnailSize: { width: number; height: number } }) => [
    { id: 'screen:1:0', name: 'Screen 1', display_id: String(display.id), thumbnail: new ImageStandIn(screenPng) },
  ],
};

export const systemPreferences = {
  getMediaAccessStatus: () => 'granted',
};

// --- app ------------------------------------------------------------------------

interface Preventable {
  defaultPrevented: boolean;
  preventDefault(): void;
}

function preventable(): Preventable {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class AppStandIn extends EventEmitter {
  loginItem: { openAtLogin: boolean } | undefined;
  readonly switches: string[][] = [];
  readonly commandLine = {
    appendSwitch: (name: string, value = '') => void this.switches.push([name, value]),
  };
  private readonly ready = new Promise<void>((resolve) =>
    setImmediate(() => {
      this.emit('ready');
      resolve();
    }),
  );
  private quitting = false;

  whenReady(): Promise<void> {
    return this.ready;
  }
  requestSingleInstanceLock(): boolean {
    report({ type: 'call', api: 'app.requestSingleInstanceLock' });
    return true;
  }
  disableHardwareAcceleration(): void {
    // Electron ignores it once the app is ready; a test should know.
    report({
      type: 'call',
      api: appIsReady ? 'app.disableHardwareAcceleration (too late)' : 'app.disableHardwareAcceleration',
    });
  }
  /** As Electron's: ends the process now with `code`, no before-quit or will-quit (after the reports so far are sent). */
  exit(code = 0): void {
    process.send?.({ type: 'call', api: 'app.exit', args: [code] } satisfies Report, () => process.exit(code));
    if (!process.send) process.exit(code);
  }
  getPath(name: string): string {
    return name === 'userData' ? (userData as string) : path.join(userData as string, name);
  }
  getName(): string {
    return 'Sightline';
  }
  /** The system's languages: STAND_IN_SYSTEM_LANGUAGES (comma-separated), else American English. */
  getPreferredSystemLanguages(): string[] {
    return (process.env.STAND_IN_SYSTEM_LANGUAGES ?? 'en-US').split(',');
  }
  getVersion(): string {
    return (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItem = { openAtLogin: settings.openAtLogin };
  }
  quit(): void {
    if (this.quitting) return;
    const beforeQuit = preventable();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    const willQuit = preventable();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.quitting = true;
    this.emit('quit');
    // As Electron does: the process ends now; async work still pending is dropped.
    setImmediate(() => process.exit(0));
  }
}

export const app = new AppStandIn();
let appIsReady = false;
void app.whenReady().then(() => {
  appIsReady = true;
});

// --- web contents and windows -----------------------------------------------------

let nextContentsId = 1;
const contentsById = new Map<number, WebContentsStandIn>();
/** The page's end of each answer's MessagePort, by answer id. */
const answerPorts = new Map<string, PortMain>();

class WebContentsStandIn extends EventEmitter {
  readonly id = nextContentsId++;
  url = '';
  private loading = true;
  private destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;

  constructor(readonly windowId: number) {
    super();
    contentsById.set(this.id, this);
    app.emit('web-contents-created', preventable(), this);
  }
  isLoading(): boolean {
    return this.loading;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    report({ type: 'sent', windowId: this.windowId, channel, payload });
  }
  postMessage(channel: string, payload: unknown, ports: PortMain[] = []): void {
    if (channel === 'chat:answer-port' && ports[0]) {
      const answerId = (payload as { answerId: string }).answerId;
      const port = ports[0];
      answerPorts.set(answerId, port);
      port.on('message', (event: { data: unknown }) => report({ type: 'port', answerId, data: event.data }));
      port.on('close', () => answerPorts.delete(answerId));
      port.start();
    }
    report({ type: 'sent', windowId: this.windowId, channel, payload });
  }
  async load(url: string): Promise<number> {
    this.url = url;
    this.loading = true;
    const response = await fetchThroughProtocol(url);
    this.loading = false;
    report({ type: 'loaded', windowId: this.windowId, url, status: response.status });
    this.emit('did-finish-load');
    return response.status;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

let nextWindowId = 1;
const windows = new Map<number, BrowserWindow>();

export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return [...windows.values()].filter((window) => !window.isDestroyed());
  }

  readonly id = nextWindowId++;
  readonly webContents: WebContentsStandIn;
  private visible = false;
  private destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    windows.set(this.id, this);
    this.webContents = new WebContentsStandIn(this.id);
    report({ type: 'window', windowId: this.id, contentsId: this.webContents.id, options });
  }
  async loadURL(url: string): Promise<void> {
    const status = await this.webContents.load(url);
    if (status !== 200) throw new Error(`ERR_FAILED (-2) loading '${url}'`);
    if (!this.destroyed) this.emit('ready-to-show');
  }
  show(): void {
    this.visible = true;
    report({ type: 'shown', windowId: this.id });
  }
  showInactive(): void {
    this.show();
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {}
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroy();
    this.emit('closed');
    report({ type: 'closed', windowId: this.id });
  }
  setMenu(): void {}
  setContentProtection(enabled: boolean): void {
    report({ type: 'content-protection', windowId: this.id, enabled });
  }
  setAlwaysOnTop(): void {}
  setVisibleOnAllWorkspaces(): void {}
}

export const webContents = {
  fromId: (id: number) => contentsById.get(id),
};

function windowInfo(window: BrowserWindow): WindowInfo {
  return {
    windowId: window.id,
    contentsId: window.webContents.id,
    options: window.options,
    url: window.webContents.url,
    visible: window.isVisible(),
    destroyed: window.isDestroyed(),
    opensWindows: window.webContents.windowOpenHandler?.({ url: 'https://example.com/' }).action ?? 'allow',
    navigationGuarded: window.webContents.listenerCount('will-navigate') > 0,
  };
}

// --- protocol, net, session ---------------------------------------------------------

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
const protocolHandlers = new Map<string, ProtocolHandler>();
let privilegedSchemes: unknown[] = [];

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => {
    // Electron only accepts this before the app is ready.
    if (appIsReady) throw new Error('protocol.registerSchemesAsPrivileged must be called before the app is ready');
    privilegedSchemes = schemes;
  },
  handle: (scheme: string, handler: ProtocolHandler) => {
    if (protocolHandlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
    protocolHandlers.set(scheme, handler);
  },
};

async function fetchThroughProtocol(url: string): Promise<Response> {
  const handler = protocolHandlers.get(new URL(url).protocol.replace(/:$/, ''));
  if (!handler) return new Response('ERR_UNKNOWN_URL_SCHEME', { status: 404 });
  try {
    return await handler(new Request(url));
  } catch {
    return new Response('ERR_FAILED', { status: 500 });
  }
}

export const net = {
  /** file: URLs only, as the app uses it (its pages, from the build folder). */
  fetch: async (url: string): Promise<Response> => {
    if (!url.startsWith('file:')) throw new Error(`The stand-in net.fetch serves file: URLs only, not ${url}`);
    const file = fileURLToPath(url);
    const body = await readFile(file).catch(() => undefined);
    if (!body) throw new Error(`net::ERR_FILE_NOT_FOUND ${url}`);
    return new Response(body, { headers: { 'content-type': contentTypeOf(file) } });
  },
};

type PermissionHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
let permissionRequestHandler: PermissionHandler | undefined;
let permissionCheckHandler: (() => boolean) | undefined;

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler: PermissionHandler) => void (permissionRequestHandler = handler),
    setPermissionCheckHandler: (handler: () => boolean) => void (permissionCheckHandler = handler),
  },
};

// --- IPC ------------------------------------------------------------------------------

type InvokeHandler = (event: IpcEvent, payload: unknown) => unknown;
interface IpcEvent {
  sender: { id: number };
  senderFrame: { url: string } | null;
}
const invokeHandlers = new Map<string, InvokeHandler>();
const sendListeners = new Map<string, Array<(event: IpcEvent, payload: unknown) => void>>();

export const ipcMain = {
  handle: (channel: string, handler: InvokeHandler) => {
    if (invokeHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    invokeHandlers.set(channel, handler);
  },
  removeHandler: (channel: string) => void invokeHandlers.delete(channel),
  on: (channel: string, listener: (event: IpcEvent, payload: unknown) => void) => {
    sendListeners.set(channel, [...(sendListeners.get(channel) ?? []), listener]);
  },
};

function ipcEvent(sender: Sender): IpcEvent {
  if ('windowId' in sender) {
    const window = windows.get(sender.windowId);
    if (!window) throw new Error(`There is no window ${sender.windowId}`);
    return { sender: window.webContents, senderFrame: { url: window.webContents.url } };
  }
  // A frame the app never made (another site in some webview or iframe).
  return { sender: { id: 1_000_000 }, senderFrame: { url: sender.frameUrl } };
}

export class MessageChannelMain {
  readonly port1: PortMain;
  readonly port2: PortMain;
  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port1 = new PortMain(port1);
    this.port2 = new PortMain(port2);
  }
}

// --- utility process -------------------------------------------------------------------

const utilityProcesses = new Set<UtilityProcessStandIn>();

type RelayMessage =
  | { kind: 'message'; data: unknown; portIds?: number[] }
  | { kind: 'port-message'; portId: number; data: unknown }
  | { kind: 'port-close'; portId: number };

let nextPortId = 1;

/** A utility process: a Node child (utility-child.mjs), the ports it is given relayed by id. */
class UtilityProcessStandIn extends EventEmitter {
  private readonly child: ChildProcess;
  private readonly ports = new Map<number, PortMain>();
  /** As Electron's: the process's output, when forked with stdio 'pipe' (null otherwise). */
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  constructor(entry: string, env: NodeJS.ProcessEnv | undefined, stdio: 'pipe' | 'inherit' | 'ignore') {
    super();
    this.child = fork(path.join(here, 'utility-child.mjs'), [entry], {
      env: env ?? process.env,
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', stdio, stdio, 'ipc'],
    });
    this.stdout = this.child.stdout;
    this.stderr = this.child.stderr;
    this.child.on('message', (message: RelayMessage) => {
      if (message.kind === 'message') this.emit('message', message.data);
      else if (message.kind === 'port-message') this.ports.get(message.portId)?.postMessage(message.data);
      else this.ports.get(message.portId)?.close();
    });
    this.child.on('exit', (code, signal) => {
      utilityProcesses.delete(this);
      for (const port of this.ports.values()) port.close();
      // Electron reports an exit code only, also for a killed process.
      this.emit('exit', code ?? (signal ? 1 : 0));
    });
    utilityProcesses.add(this);
  }
  get pid(): number | undefined {
    return this.child.pid;
  }
  postMessage(message: unknown, transfer: PortMain[] = []): void {
    const portIds = transfer.map((port) => {
      const portId = nextPortId++;
      this.ports.set(portId, port);
      port.on('message', (event: { data: unknown }) => this.relay({ kind: 'port-message', portId, data: event.data }));
      port.on('close', () => {
        this.ports.delete(portId);
        this.relay({ kind: 'port-close', portId });
      });
      port.start();
      return portId;
    });
    this.relay({ kind: 'message', data: message, portIds });
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    return this.child.kill(signal);
  }
  private relay(message: RelayMessage): void {
    if (this.child.connected) this.child.send(message);
  }
}

export const utilityProcess = {
  // Electron's default stdio is 'inherit'.
  fork: (
    entry: string,
    _args: string[],
    options: { env?: NodeJS.ProcessEnv; stdio?: 'pipe' | 'inherit' | 'ignore' } = {},
  ) => new UtilityProcessStandIn(entry, options.env, options.stdio ?? 'inherit'),
};

// --- tray, menus, shortcuts, theme, system ------------------------------------------------

interface MenuItemOptions {
  label?: string;
  type?: string;
  accelerator?: string;
  enabled?: boolean;
  click?: (...args: unknown[]) => void;
}
let trayMenu: MenuItemOptions[] = [];

export const Menu = {
  buildFromTemplate: (items: MenuItemOptions[]) => ({ items }),
};

export class Tray extends EventEmitter {
  constructor(readonly image: ImageStandIn) {
    super();
    if (image.isEmpty()) throw new Error('The tray icon is missing');
    report({ type: 'call', api: 'new Tray' });
  }
  setToolTip(): void {}
  setContextMenu(menu: { items: MenuItemOptions[] }): void {
    trayMenu = menu.items;
  }
  destroy(): void {}
}

const shortcuts = new Map<string, () => void>();
export const globalShortcut = {
  register: (accelerator: string, callback: () => void) => {
    report({ type: 'call', api: 'globalShortcut.register', args: [accelerator] });
    shortcuts.set(accelerator, callback);
    return true;
  },
  unregister: (accelerator: string) => void shortcuts.delete(accelerator),
  isRegistered: (accelerator: string) => shortcuts.has(accelerator),
  unregisterAll: () => shortcuts.clear(),
};

export const nativeTheme = { themeSource: 'system', shouldUseDarkColors: false };

export class Notification {
  static isSupported(): boolean {
    return true;
  }
  constructor(private readonly options: { title: string; body: string }) {}
  show(): void {
    report({ type: 'notification', title: this.options.title, body: this.options.body });
  }
}

export const dialog = {
  showMessageBox: async (options: { message: string; detail?: string; cancelId?: number }) => {
    report({ type: 'dialog', message: options.message, ...(options.detail ? { detail: options.detail } : {}) });
    return { response: options.cancelId ?? 0, checkboxChecked: false };
  },
};

export const clipboard = {
  writeText: (text: string) => report({ type: 'clipboard', text }),
  write: async (items: ClipboardItem[]) => {
    for (const item of items) {
      const png = item.items['image/png'];
      const bytes = png instanceof Blob ? png.size : 0;
      report({ type: 'clipboard-image', types: Object.keys(item.items), bytes });
    }
  },
};

/** Electron's ClipboardItem, as far as main uses it: what it was made with. */
export class ClipboardItem {
  constructor(readonly items: Record<string, unknown>) {}
}

export const shell = {
  openExternal: async (url: string) => report({ type: 'open-external', url }),
};

/** A keyring that is there; the "encryption" is reversible on purpose (this is a test). */
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptStringAsync: async (plain: string) => Buffer.from(`stand-in:${Buffer.from(plain).toString('base64')}`),
  decryptStringAsync: async (data: Buffer) => ({
    result: Buffer.from(data.toString().replace(/^stand-in:/, ''), 'base64').toString(),
    shouldReEncrypt: false,
  }),
};

// --- the control channel -----------------------------------------------------------------

function state(): StandInState {
  return {
    windows: [...windows.values()].map(windowInfo),
    ipcHandlers: [...invokeHandlers.keys()].sort(),
    ipcListeners: [...sendListeners.keys()].sort(),
    privilegedSchemes,
    protocolSchemes: [...protocolHandlers.keys()],
    trayMenu: trayMenu.map(({ label, type, accelerator, enabled }) => ({
      ...(label !== undefined ? { label } : {}),
      ...(type !== undefined ? { type } : {}),
      ...(accelerator !== undefined ? { accelerator } : {}),
      ...(enabled !== undefined ? { enabled } : {}),
    })),
    themeSource: nativeTheme.themeSource,
    loginItem: app.loginItem,
    shortcuts: [...shortcuts.keys()],
    commandLineSwitches: app.switches,
    permissionHandlers: permissionRequestHandler !== undefined && permissionCheckHandler !== undefined,
    utilityProcesses: utilityProcesses.size,
  };
}

async function run(command: Command): Promise<unknown> {
  switch (command.op) {
    case 'invoke': {
      const handler = invokeHandlers.get(command.channel);
      if (!handler) throw new Error(`No handler registered for '${command.channel}'`);
      return await handler(ipcEvent(command.sender), command.payload);
    }
    case 'send':
      for (const listener of sendListeners.get(command.channel) ?? [])
        listener(ipcEvent(command.sender), command.payload);
      return null;
    case 'tray-click': {
      const item = trayMenu.find((entry) => entry.label === command.label);
      if (!item?.click) throw new Error(`The tray menu has no item "${command.label}"`);
      // As in a real menu, a disabled item cannot be clicked.
      if (item.enabled === false) throw new Error(`The tray menu's "${command.label}" is disabled`);
      item.click(item, undefined, {});
      return null;
    }
    case 'hotkey': {
      const callback = command.accelerator ? shortcuts.get(command.accelerator) : [...shortcuts.values()][0];
      if (!callback) throw new Error(`No global shortcut ${command.accelerator ?? ''} is registered`);
      callback();
      return null;
    }
    case 'second-instance':
      app.emit('second-instance', preventable(), command.argv, process.cwd(), {});
      return null;
    case 'answer-port-post': {
      const port = answerPorts.get(command.answerId);
      if (!port) throw new Error(`No answer port for ${command.answerId}`);
      port.postMessage(command.message);
      return null;
    }
    case 'load': {
      const response = await fetchThroughProtocol(command.url);
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        body: await response.text(),
      };
    }
    case 'permission': {
      if (!permissionRequestHandler) return true;
      const handler = permissionRequestHandler;
      return await new Promise<boolean>((resolve) => handler({}, command.permission, resolve));
    }
    case 'crash-utility': {
      // As a crash looks from main: the process is gone, with a non-zero code.
      const running = [...utilityProcesses];
      for (const child of running) child.kill('SIGKILL');
      return running.length;
    }
    case 'state':
      return state();
    case 'quit':
      app.quit();
      return null;
  }
}

process.on('message', (message: CommandEnvelope) => {
  run(message.command).then(
    (value) => report({ type: 'reply', id: message.id, ok: true, value }),
    (error: unknown) =>
      report({
        type: 'reply',
        id: message.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});
// The test went away: so does the app.
process.on('disconnect', () => process.exit(0));
