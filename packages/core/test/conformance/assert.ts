/** A tiny assertion set that runs unchanged in Node, workerd, Chromium, Bun and Deno. */
export class AssertionError extends Error {
  override name = 'AssertionError'
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) {
    throw new AssertionError(`${what}:\n  expected ${JSON.stringify(expected)}\n  actual   ${JSON.stringify(actual)}`)
  }
}

export function assert(condition: unknown, what: string): asserts condition {
  if (!condition) throw new AssertionError(what)
}
