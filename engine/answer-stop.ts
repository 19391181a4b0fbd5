// How the engine stops an answer between two decode steps, without loading
// transformers.js to do it: the engine makes one per request (a crop's too),
// and only an answer's generation loop reads it (vlm.ts).

/** What the generation loop reads between two decode steps; transformers.js's InterruptableStoppingCriteria is one. */
export interface StopSignal {
  readonly interrupted: boolean;
}

export class AnswerStop implements StopSignal {
  interrupted = false;

  interrupt(): void {
    this.interrupted = true;
  }
}
