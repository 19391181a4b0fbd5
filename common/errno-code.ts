// Node's error code of a thrown value ('ENOENT', 'ECONNREFUSED',
// 'UND_ERR_SOCKET', 'ERR_SSL_…'), wherever it sits: on the error itself or
// down its cause chain, as fetch wraps socket errors in TypeError('fetch
// failed') and undici wraps them again.

/** The first string `code` found on an error or its causes; undefined when none has one. */
export function errnoCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // Happy-eyeballs connects fail with an AggregateError of one error per address.
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = errnoCode(errors[0]);
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
