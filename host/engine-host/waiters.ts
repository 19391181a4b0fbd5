// Callers waiting on the engine host (for a ready engine, a loaded model):
// each promise's resolve and reject, kept until the engine answers.
export interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

export function rejectAll<T>(waiters: ReadonlyArray<Waiter<T>>, error: Error): void {
  for (const waiter of waiters) waiter.reject(error);
}
