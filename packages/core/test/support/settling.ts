/**
 * For tests that must tell a promise that settles from one that hangs, and that must reproduce
 * what garbage collection does to Node's fetch (nodejs/undici#4068) when it runs mid-request.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** `{ value }` or `{ error }` once `promise` settles, or 'still pending' after `milliseconds`. */
export const settledWithin = <T>(promise: Promise<T>, milliseconds: number) =>
  Promise.race([
    promise.then((value) => ({ value }), (error: unknown) => ({ error })),
    new Promise<'still pending'>((resolve) => setTimeout(() => resolve('still pending'), milliseconds)),
  ])

setFlagsFromString('--expose-gc')
/** A full garbage collection, now. */
export const collectGarbage = runInNewContext('gc') as () => void
