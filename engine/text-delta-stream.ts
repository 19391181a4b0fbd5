// Turns generated token ids into text deltas as they arrive. Decoding token
// by token breaks multi-byte characters, so a short run of pending tokens is
// decoded together and only the new, complete suffix is emitted. The run is
// cut at line ends and after `maxRun` tokens, so the cost per token does not
// grow with the answer. (Both supported families use byte-level BPE, whose
// pieces decode the same alone as in a run.)

export type DecodeFn = (ids: readonly bigint[]) => string;

export class TextDeltaStream {
  private pending: bigint[] = [];
  private emittedOfPending = 0;
  private text = '';

  constructor(
    private readonly decode: DecodeFn,
    private readonly emit: (delta: string) => void,
    private readonly maxRun = 32,
  ) {}

  /** The whole answer emitted so far. */
  get emitted(): string {
    return this.text;
  }

  push(id: bigint): void {
    this.pending.push(id);
    const decoded = this.decode(this.pending);
    // An incomplete UTF-8 sequence decodes to U+FFFD: wait for its next byte.
    if (decoded.endsWith('\uFFFD')) return;
    const delta = decoded.slice(this.emittedOfPending);
    this.emittedOfPending = decoded.length;
    if (decoded.endsWith('\n') || this.pending.length >= this.maxRun) {
      this.pending = [];
      this.emittedOfPending = 0;
    }
    if (delta.length > 0) {
      this.text += delta;
      this.emit(delta);
    }
  }

  /** Emits whatever is still held back (an answer cut inside a character). */
  flush(): void {
    if (this.pending.length === 0) return;
    const decoded = this.decode(this.pending);
    const delta = decoded.slice(this.emittedOfPending);
    this.pending = [];
    this.emittedOfPending = 0;
    if (delta.length > 0) {
      this.text += delta;
      this.emit(delta);
    }
  }
}
