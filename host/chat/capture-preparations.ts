// A capture's image encoded for its first question as the capture opens,
// while the user looks at it and picks a question: the question then starts
// from that work (engine/vlm.ts Vlm.prepare). One capture at a time: when the
// user moves on to another, or deletes it, a preparation still waiting in the
// engine's queue is cancelled. A failure costs nothing: the question encodes
// the image itself, and says what fails.
import type { ImageSource } from '../../common/engine-protocol.js';

/** Where answers come from, as far as preparing goes (host/answers/backend-switch.ts; model servers cannot). */
export interface ImagePreparer {
  prepareImage?(conversationId: string, image: ImageSource, signal?: AbortSignal): Promise<void>;
}

export class CapturePreparations {
  /** Captures being prepared, until that ends. */
  private readonly preparing = new Map<string, AbortController>();

  constructor(
    private readonly preparer: ImagePreparer,
    /** Told when a preparation starts, and when none is left (the status line says the capture is being read). */
    private readonly onActive: (active: boolean) => void = () => {},
  ) {}

  /** Prepares this capture, cancelling any other still waiting. */
  start(conversationId: string, image: () => Promise<ImageSource>): void {
    if (!this.preparer.prepareImage) return;
    this.cancelAll();
    const controller = new AbortController();
    this.preparing.set(conversationId, controller);
    this.onActive(true);
    void image()
      .then((source) => this.preparer.prepareImage?.(conversationId, source, controller.signal))
      .catch(() => undefined)
      .finally(() => {
        if (this.preparing.get(conversationId) === controller) this.preparing.delete(conversationId);
        if (this.preparing.size === 0) this.onActive(false);
      });
  }

  cancel(conversationId: string): void {
    this.preparing.get(conversationId)?.abort();
  }

  cancelAll(): void {
    for (const preparation of this.preparing.values()) preparation.abort();
  }
}
