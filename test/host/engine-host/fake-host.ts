// Helpers for the engine host's tests: an EngineHost supervising the fake
// engine (test/support/fake-engine.ts) as a real Node child process.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { defaultGenerationSettings, type AnswerEvent, type AnswerRequest } from '../../../common/engine-protocol.js';
import { EngineHost, type EngineHostEvents, type EngineHostOptions } from '../../../host/engine-host/engine-host.js';
import { createNodeLauncher } from '../../../host/engine-host/node-launcher.js';
import { repoRoot } from '../../support/repo.js';
import { collect, type Timed } from '../../support/answer-events.js';

/**
 * The fake engine, bundled once per test file into plain JavaScript (with the
 * real transport in it): a child then starts in a few tens of milliseconds
 * instead of half a second under tsx, and these tests start a lot of them.
 */
async function bundleFakeEngine(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-fake-engine-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const outfile = path.join(dir, 'fake-engine.mjs');
  await build({
    entryPoints: [path.join(repoRoot, 'test/support/fake-engine.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}

export const fakeEngineEntry = await bundleFakeEngine();
export const modelDir = '/models/tiny-smolvlm';

export type Recorded = {
  [E in keyof EngineHostEvents]: { event: E; payload: EngineHostEvents[E] };
}[keyof EngineHostEvents];

export interface FakeHost {
  host: EngineHost;
  /** Every status event, in order. */
  events: Recorded[];
  openedChannels: () => number;
}

export function fakeHost(options: { env?: Record<string, string>; host?: Partial<EngineHostOptions> } = {}): FakeHost {
  const launcher = createNodeLauncher({
    entry: fakeEngineEntry,
    cwd: repoRoot,
    env: { ...process.env, FAKE_ENGINE_STEP_MS: '20', ...options.env },
  });
  let opened = 0;
  // Counts the request channels the host opens.
  const counting = {
    launch() {
      const proc = launcher.launch();
      return Object.assign(Object.create(proc) as typeof proc, {
        openRequest: () => {
          opened++;
          return proc.openRequest();
        },
      });
    },
  };
  const host = new EngineHost({
    launcher: counting,
    // Short delays keep the suite fast; the policy itself is tested in test/common/backoff.test.ts.
    backoff: { initialDelayMs: 10, maxDelayMs: 50, maxCrashes: 3, windowMs: 60_000 },
    stopGraceMs: 2000,
    ...options.host,
  });
  const events: Recorded[] = [];
  const names: Array<keyof EngineHostEvents> = [
    'state',
    'engine-ready',
    'model-loading',
    'model-loaded',
    'model-load-failed',
    'model-unloaded',
    'engine-crashed',
    'engine-restarting',
    'engine-gave-up',
    'protocol-error',
  ];
  for (const name of names) host.on(name, (payload) => events.push({ event: name, payload } as Recorded));
  return { host, events, openedChannels: () => opened };
}

export function question(text: string): AnswerRequest {
  return {
    conversationId: 'conversation-1',
    image: { kind: 'bytes', bytes: new Uint8Array([137, 80, 78, 71]) },
    turns: [{ role: 'user', text }],
    settings: defaultGenerationSettings,
  };
}

export { collect, type Timed };

export function deltas(events: Timed[]): string[] {
  return events.flatMap(({ event }) => (event.type === 'delta' ? [event.text] : []));
}

export function last(events: Timed[]): AnswerEvent | undefined {
  return events.at(-1)?.event;
}

/** Resolves with the next payload of a status event. */
export function next<E extends keyof EngineHostEvents>(host: EngineHost, event: E): Promise<EngineHostEvents[E]> {
  return new Promise((resolve) => {
    const off = host.on(event, (payload) => {
      off();
      resolve(payload);
    });
  });
}

/** The "pid=… model=… channel=…" line of the fake engine's whoami answer. */
export async function whoami(host: EngineHost): Promise<{ pid: number; model: string; channel: number }> {
  const events = await collect(host.ask(question('whoami')));
  const text = deltas(events).join('');
  const match = /^pid=(\d+) model=(\S+) channel=(\d+)$/.exec(text);
  if (!match) throw new Error(`unexpected whoami answer: ${JSON.stringify(events.map((e) => e.event))}`);
  return { pid: Number(match[1]), model: match[2]!, channel: Number(match[3]) };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
