// Helpers for the remote backends' tests: a backend for a fake server, a
// question, and an answer's events with the time each arrived.
import {
  defaultGenerationSettings,
  type AnswerEvent,
  type Turn,
  type AnswerRequest,
} from '../../../common/engine-protocol.js';
import type { AnswerBackend } from '../../../host/answers/answer-backend.js';
import { directPrepareImage } from '../../../host/model-servers/direct-prepare-image.js';
import type { PrepareImage } from '../../../host/model-servers/image-payload.js';
import { OllamaBackend } from '../../../host/model-servers/ollama-backend.js';
import { OpenAiBackend } from '../../../host/model-servers/openai-backend.js';
import type { RemoteBackendOptions } from '../../../host/model-servers/remote-backend.js';
import { testPng } from '../../support/images.js';
import type { FakeServer } from '../../support/fake-model-server.js';
import { collect, type Timed } from '../../support/answer-events.js';

export const capture = await testPng(320, 200, 4);

export interface Settings {
  baseUrl: string;
  model: string;
  /** The idle timeout. */
  timeoutMs?: number;
  firstByteTimeoutMs?: number;
  maxImageSide?: number;
  allowJpeg?: boolean;
}

/** Counts the calls, so a test can tell whether the capture was prepared again. */
export function countingPrepare(): PrepareImage & { calls: number } {
  const prepare = Object.assign(
    async (bytes: Uint8Array, maxSide: number, allowJpeg: boolean) => {
      prepare.calls++;
      return directPrepareImage(bytes, maxSide, allowJpeg);
    },
    { calls: 0 },
  );
  return prepare;
}

export function ollama(settings: Settings, options: Partial<RemoteBackendOptions> = {}): OllamaBackend {
  return new OllamaBackend(
    { kind: 'ollama', timeoutMs: 5_000, ...settings },
    { prepareImage: directPrepareImage, ...options },
  );
}

export function openai(settings: Settings, options: Partial<RemoteBackendOptions> = {}): OpenAiBackend {
  return new OpenAiBackend(
    { kind: 'openai', timeoutMs: 5_000, ...settings },
    { prepareImage: directPrepareImage, ...options },
  );
}

/** A backend of the server's protocol, pointed at it. */
export function backendFor(
  server: Pick<FakeServer, 'baseUrl'>,
  protocol: 'ollama' | 'openai',
  settings: Partial<Settings> = {},
  options: Partial<RemoteBackendOptions> = {},
): AnswerBackend {
  const model = protocol === 'ollama' ? 'llava' : 'qwen2-vl';
  const make = protocol === 'ollama' ? ollama : openai;
  return make({ baseUrl: server.baseUrl, model, ...settings }, options);
}

export function ask(turns: Turn[], image: Uint8Array<ArrayBuffer> = capture, conversationId = 'c1'): AnswerRequest {
  return {
    conversationId,
    image: { kind: 'bytes', bytes: image },
    turns,
    settings: { ...defaultGenerationSettings, maxNewTokens: 64 },
  };
}

export { collect, type Timed };

export function text(events: Timed[]): string {
  return events.map(({ event }) => (event.type === 'delta' ? event.text : '')).join('');
}

export function last(events: Timed[]): AnswerEvent {
  const end = events.at(-1);
  if (!end) throw new Error('no events');
  return end.event;
}

/** The error an answer ended with; fails when it ended otherwise. */
export function errorOf(events: Timed[]): { code: string; message: string } {
  const end = last(events);
  if (end.type !== 'error') throw new Error(`expected an error, got ${JSON.stringify(end)}`);
  return end.error;
}

/**
 * What the chat panel does with any backend: ask about the capture, then
 * follow up, each time with the whole conversation. Returns the turns and
 * each answer's events.
 */
export async function chatFlow(
  backend: AnswerBackend,
  questions: string[],
  turns: Turn[] = [],
  image: Uint8Array<ArrayBuffer> = capture,
): Promise<{ turns: Turn[]; answers: Timed[][] }> {
  const answers: Timed[][] = [];
  for (const question of questions) {
    turns.push({ role: 'user', text: question });
    const events = await collect(backend.ask(ask([...turns], image)));
    answers.push(events);
    if (last(events).type !== 'done') throw new Error(`${backend.kind}: ${JSON.stringify(last(events))}`);
    turns.push({ role: 'assistant', text: text(events) });
  }
  return { turns, answers };
}
