// Where answers come from (the chat service's AnswerSource): the backend
// chosen now, the local engine or a model server. Loading, status events and
// image work stay with the local engine, which keeps running whichever
// backend answers (it crops and resizes captures).
import type { AnswerRequest, ImageSource } from '../../common/engine-protocol.js';
import type { AnswerBackend, AnswerStream } from './answer-backend.js';

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

  ask(request: AnswerRequest): AnswerStream {
    return this.chosen.ask(request);
  }

  /** The chosen backend starts on a capture's first question, where it can (the local engine). */
  async prepareImage(conversationId: string, image: ImageSource, signal?: AbortSignal): Promise<void> {
    await this.chosen.prepareImage?.(conversationId, image, signal);
  }
}
