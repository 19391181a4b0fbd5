// The image that went to the model (a model server, or the local model after
// the user hid secrets on demand) for each capture whose secrets were hidden: `sent-<n>.png` beside the conversation's captures (n: the capture's
// index, 0 for capture.png), kept through the history store's side-file
// writes (atomic, in memory only when keeping is off, gone with the
// conversation), so the user can check later what left. The capture's info
// records the boxes (CaptureInfo.redaction): a sent image lost (history turned
// off and on again) is made again from the capture and its boxes. Node only.
import { stat } from 'node:fs/promises';
import type { HistoryStore } from './history-store.js';

export type SentImageFile = `sent-${number}.png`;

export function sentImageFile(capture: number): SentImageFile {
  if (!Number.isInteger(capture) || capture < 0) throw new RangeError(`There is no capture ${capture}.`);
  return `sent-${capture}.png`;
}

export class SentImages {
  constructor(private readonly store: HistoryStore) {}

  /** Keeps the image sent for a capture; false if the conversation is gone. */
  save(conversationId: string, capture: number, png: Uint8Array): Promise<boolean> {
    return this.store.saveSide(conversationId, sentImageFile(capture), png);
  }

  /** The image sent for a capture, if one is kept. */
  async read(conversationId: string, capture: number): Promise<Uint8Array | undefined> {
    return this.store.readSide(conversationId, sentImageFile(capture));
  }

  /** Whether the image sent for a capture is kept (on disk or in memory). */
  async exists(conversationId: string, capture: number): Promise<boolean> {
    const file = this.file(conversationId, capture);
    if (!file) return (await this.read(conversationId, capture)) !== undefined;
    return stat(file).then(
      (found) => found.isFile(),
      () => false,
    );
  }

  /** Its file on disk (undefined for a conversation kept in memory only). */
  file(conversationId: string, capture: number): string | undefined {
    return this.store.sideFile(conversationId, sentImageFile(capture));
  }
}
