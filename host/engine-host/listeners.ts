// A typed listener registry for the engine host's status events. Not Node's
// EventEmitter: its 'error' event throws when nobody listens, and a status
// report must never take the main process down.
export class TypedListeners<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Returns a function that removes the listener. */
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as (payload: Events[E]) => void)(payload);
      } catch (error) {
        // One broken listener must not stop the others or the supervisor.
        console.error(`Sightline: a listener for ${String(event)} failed:`, error);
      }
    }
  }
}
