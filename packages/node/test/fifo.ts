import { execFileSync } from 'node:child_process'
import { constants, open } from 'node:fs/promises'

/**
 * Makes a FIFO at `path` with mkfifo(1). `release()` opens it for writing and closes it, so that a
 * reader stuck waiting on it (the bug a test looks for) gets end of file and the test run can end;
 * with no reader waiting it does nothing.
 */
export function makeFifo(path: string): { release(): Promise<void> } {
  execFileSync('mkfifo', [path])
  return {
    async release() {
      const handle = await open(path, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined)
      await handle?.close()
    },
  }
}

/** What `promise` settles to within `milliseconds`, or `'still waiting'`. */
export function within<T>(milliseconds: number, promise: Promise<T>): Promise<T | 'still waiting'> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), milliseconds)))
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}
