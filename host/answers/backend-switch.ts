// How the chat code switches backends without knowing about them: whatever
// asks the engine (the chat service takes an EngineHost-shaped object) gets
// the same object back with ask() routed to the backend chosen now. Loading,
// status events and image work stay with the local engine, which keeps
// running whichever backend answers (it crops and resizes captures).
import type { AnswerBackend, AnswerStream, AskRequest } from './answer-backend.js';

export class BackendSwitch {
  private chosen: AnswerBackend;

  constructor(private readonly local: AnswerBackend) {
    this.chosen = local;
  }

  get current(): AnswerBackend {
    return this.chosen;
  }

  /**
   * Answers from now on come from `backend`; answers already running finish
   * where they started. A replaced model-server backend is disposed (its
   * running answers end as stopped); the local one never is.
   */
  use(backend: AnswerBackend): void {
    const previous = this.chosen;
    this.chosen = backend;
    if (previous !== backend && previous !== this.local) void previous.dispose?.();
  }

  /** Back to the local engine. */
  useLocal(): void {
    this.use(this.local);
  }

  ask(request: AskRequest): AnswerStream {
    return this.chosen.ask(request);
  }
}

/**
 * `engine` with ask() going to `backends.current`; every other member is the
 * engine's own, bound to it (so its state stays its own).
 */
export function routeAsks<E extends { ask(request: AskRequest): AnswerStream }>(engine: E, backends: BackendSwitch): E {
  return new Proxy(engine, {
    get(target, property) {
      if (property === 'ask') return (request: AskRequest) => backends.ask(request);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
