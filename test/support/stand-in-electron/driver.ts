// Starts the built main process (dist/main/index.js) under the stand-in
// Electron (electron.ts) and drives it: the test plays the pages' part over
// IPC, clicks the tray, presses the hotkey, and reads what the app did.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distDir, repoRoot, requireBuild } from '../repo.js';
import type { Command, CommandEnvelope, Report, Sender, StandInState } from './control.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface StandInApp {
  /** Everything the app reported, in order. */
  readonly reports: readonly Report[];
  command(command: Command): Promise<unknown>;
  invoke(channel: string, payload: unknown, sender: Sender): Promise<unknown>;
  send(channel: string, payload: unknown, sender: Sender): Promise<unknown>;
  state(): Promise<StandInState>;
  /** The first report (already in, or still to come) that `match` accepts. */
  waitFor<T extends Report['type']>(
    type: T,
    match?: (report: Extract<Report, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<Report, { type: T }>>;
  /** Settles when the app's process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Settles once the process has ended and all it wrote to stdout and stderr is read. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the app wrote to stdout and stderr (for failure messages). */
  output(): string;
  /** What the app wrote to stdout alone, and to stderr alone. */
  stdout(): string;
  stderr(): string;
  kill(): void;
}

export interface LaunchOptions {
  userData: string;
  /** The screen the stand-in display shows (a PNG file). */
  screenPng?: string;
  env?: NodeJS.ProcessEnv;
  /** The app's command line after its path, as in `electron . <args>` (or `sightline <args>` installed). */
  args?: string[];
  /** Where the app's main process runs: the built dist/main/index.js unless another copy is named (a packaged one). */
  mainEntry?: string;
}

export function launchStandIn(options: LaunchOptions): StandInApp {
  requireBuild();
  const child: ChildProcess = fork(options.mainEntry ?? path.join(distDir, 'main', 'index.js'), options.args ?? [], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx', '--import', path.join(here, 'register.mjs')],
    env: {
      ...process.env,
      STAND_IN_USER_DATA: options.userData,
      ...(options.screenPng ? { STAND_IN_SCREEN_PNG: options.screenPng } : {}),
      // desktopCapturer and the Wayland shortcut portal: the paths that need no X server.
      XDG_SESSION_TYPE: 'wayland',
      ...options.env,
    },
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });

  const reports: Report[] = [];
  const waiters = new Set<() => void>();
  const replies = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on('message', (message: Report) => {
    if (message.type === 'reply') {
      const pending = replies.get(message.id);
      replies.delete(message.id);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(new Error(message.error));
      return;
    }
    reports.push(message);
    for (const waiter of [...waiters]) waiter();
  });
  let gone = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      gone = true;
      for (const pending of replies.values())
        pending.reject(new Error(`The app exited (${code ?? signal}).\n${output}`));
      replies.clear();
      for (const waiter of [...waiters]) waiter();
      resolve({ code, signal });
    }),
  );

  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );

  let nextId = 1;
  const command = (command: Command): Promise<unknown> => {
    if (gone) return Promise.reject(new Error(`The app has exited.\n${output}`));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      replies.set(id, { resolve, reject });
      child.send({ id, command } satisfies CommandEnvelope);
    });
  };

  return {
    reports,
    command,
    invoke: (channel, payload, sender) => command({ op: 'invoke', channel, payload, sender }),
    send: (channel, payload, sender) => command({ op: 'send', channel, payload, sender }),
    state: () => command({ op: 'state' }) as Promise<StandInState>,
    waitFor<T extends Report['type']>(
      type: T,
      match: (report: Extract<Report, { type: T }>) => boolean = () => true,
      timeoutMs = 30_000,
    ): Promise<Extract<Report, { type: T }>> {
      const find = () =>
        reports.find(
          (report): report is Extract<Report, { type: T }> => report.type === type && match(report as never),
        );
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = find();
          if (found) {
            done();
            resolve(found);
          } else if (gone) {
            done();
            reject(new Error(`The app exited before reporting ${type}.\n${output}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`No ${type} report within ${timeoutMs} ms.\n${output}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    exited,
    closed,
    output: () => output,
    stdout: () => stdout,
    stderr: () => stderr,
    kill: () => void child.kill(),
  };
}

/** The chat window once its page has loaded (its loads must succeed: the app's output says why not). */
export async function chatWindowLoaded(app: StandInApp): Promise<{ windowId: number }> {
  const loaded = await app.waitFor('loaded', (report) => report.url === 'app://chat/index.html');
  if (loaded.status !== 200) throw new Error(`The chat page loaded with status ${loaded.status}.\n${app.output()}`);
  return { windowId: loaded.windowId };
}
