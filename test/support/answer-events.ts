// Reading an answer in tests, whoever streams it (the engine host, a model
// server backend, the chat service): its events with the time each arrived.
import type { AnswerEvent } from '../../common/engine-protocol.js';

export interface Timed {
  event: AnswerEvent;
  /** Date.now() when the reader got it. */
  at: number;
}

/** Reads an answer to its end; onEvent may act on the answer (stop it) as events arrive. */
export async function collect(
  answer: AsyncIterable<AnswerEvent>,
  onEvent?: (event: AnswerEvent, index: number) => void,
): Promise<Timed[]> {
  const events: Timed[] = [];
  for await (const event of answer) {
    events.push({ event, at: Date.now() });
    onEvent?.(event, events.length - 1);
  }
  return events;
}

/** The chat service's way: ask with a sink, collect until 'done' or 'error'. */
export function askAndCollect(
  service: { ask(request: unknown, sink: (event: AnswerEvent) => void): Promise<void> },
  request: Record<string, unknown>,
): Promise<AnswerEvent[]> {
  return new Promise((resolve, reject) => {
    const events: AnswerEvent[] = [];
    service
      .ask(request, (event) => {
        events.push(event);
        if (event.type === 'done' || event.type === 'error') resolve(events);
      })
      .catch(reject);
  });
}
