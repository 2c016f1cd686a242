/**
 * End-to-end files run their stacks a few at a time in a `before` hook and let each test read its
 * own scenario's result, so one failed scenario fails only the test that reads it.
 */

/** A scenario's result, kept until its test reads it. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** The scenario's value, or its error rethrown in the test that reads it. */
export async function resultOf<T>(p: Promise<Settled<T>> | undefined): Promise<T> {
  if (p === undefined) throw new Error("the scenario was not started (see the `before` hook's failure)");
  const r = await p;
  if (!r.ok) throw r.error;
  return r.value;
}

/** Runs at most `n` of the functions at once, in the order given (stacks share two cores). */
export function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: Array<() => void> = [];
  return async (fn) => {
    if (active >= n) await new Promise<void>((resolve) => queue.push(resolve));
    active += 1;
    try {
      return await fn();
    } finally {
      active -= 1;
      queue.shift()?.();
    }
  };
}
