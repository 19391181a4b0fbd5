// Drives an EngineService in this process through an in-memory link, with the
// test as the host: load a model, ask, collect the answer's events.
import { EngineService, type EngineServiceOptions } from '../../engine/engine-service.js';
import { probePlatform } from '../../engine/platform-probe.js';
import {
  AnswerEvent,
  EngineToHost,
  defaultGenerationSettings,
  type GenerateRequest,
  type LoadModel,
  type ModelStatus,
  PrepareImageReply,
  type PrepareImageRequest,
} from '../../common/engine-protocol.js';
import { createMemoryLink, type TestRequest } from './memory-link.js';

export interface Answer {
  events: AnswerEvent[];
  text: string;
  end: AnswerEvent;
}

export function startEngine(options: Partial<EngineServiceOptions> = {}) {
  const memory = createMemoryLink();
  new EngineService(memory.link, { platform: probePlatform(), ...options });
  const isLoadReply = (m: unknown) => ['loaded', 'load-failed'].includes((m as { type?: string }).type ?? '');
  const loadReplies = () => memory.received.filter(isLoadReply);
  return {
    memory,
    async load(request: Omit<LoadModel, 'type'>): Promise<ModelStatus> {
      const before = loadReplies().length;
      memory.send({ type: 'load', ...request });
      await memory.next((m) => isLoadReply(m) && loadReplies().length > before);
      const reply = EngineToHost.parse(loadReplies()[before]);
      if (reply.type === 'loaded') return reply.model;
      if (reply.type === 'load-failed') throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
      throw new Error(`unexpected ${reply.type}`);
    },
    /**
     * Prepares a capture for its first question; resolves with the engine's
     * reply, or undefined when none came (cancelAtOnce: the channel is closed
     * right after the request, as the host cancels one).
     */
    async prepare(
      request: Omit<PrepareImageRequest, 'type'>,
      options: { cancelAtOnce?: boolean } = {},
    ): Promise<PrepareImageReply | undefined> {
      const channel = memory.openRequest();
      channel.send({ type: 'prepare-image', ...request });
      if (options.cancelAtOnce) channel.close();
      await channel.closed;
      const reply = channel.events[0];
      return reply === undefined ? undefined : PrepareImageReply.parse(reply);
    },
    /** Sends a request; `onEvent` may act mid-stream (for example, stop). */
    ask(
      request: Omit<GenerateRequest, 'type' | 'settings'> & { settings?: Partial<GenerateRequest['settings']> },
      onEvent?: (event: AnswerEvent, channel: TestRequest) => void,
    ): Promise<Answer> {
      const channel = memory.openRequest();
      if (onEvent) channel.onEvent((event) => onEvent(AnswerEvent.parse(event), channel));
      channel.send({ type: 'generate', ...request, settings: { ...defaultGenerationSettings, ...request.settings } });
      return channel.closed.then(() => {
        const events = channel.events.map((event) => AnswerEvent.parse(event));
        const end = events.at(-1);
        if (!end) throw new Error('the answer ended without an event');
        const text = events.map((event) => (event.type === 'delta' ? event.text : '')).join('');
        return { events, text, end };
      });
    },
  };
}
