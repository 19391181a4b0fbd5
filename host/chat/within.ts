// Waiting for work with a time limit: what a question does while a capture's
// text is still being read (it goes without it, or is refused, after a while).
// The work itself goes on; only the wait ends. Node only.

/** What `within` gives when the work did not settle in time. */
export const late = Symbol('late');

/** The work's result, or `late` once `ms` have passed first. */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof late> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof late>((resolve) => (timer = setTimeout(() => resolve(late), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The work's result, or undefined once `ms` have passed first. */
export async function withinOrUndefined<T>(work: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const result = await within(work, ms);
  return result === late ? undefined : result;
}
