import type { Credentials } from '../src/credentials.js'

export const minute = 60_000
export const hour = 60 * minute

/** A clock the test moves by hand. */
export function createClock(start = Date.UTC(2026, 0, 1)) {
  let time = start
  return {
    now: () => time,
    advance(ms: number) {
      time += ms
    },
    set(value: number) {
      time = value
    },
  }
}

export type Clock = ReturnType<typeof createClock>

export const secretOf = (serial: number) => `SECRET-${serial}-must-never-leak`
export const tokenOf = (serial: number) => `TOKEN-${serial}-must-never-leak`

export function credentialsFor(serial: number, expiration?: Date): Credentials {
  return {
    accessKeyId: `ASIA${serial}`,
    secretAccessKey: secretOf(serial),
    sessionToken: tokenOf(serial),
    ...(expiration === undefined ? {} : { expiration }),
  }
}

interface Call {
  readonly options: { forceRefresh?: boolean } | undefined
  resolve(credentials?: Credentials): void
  reject(error: unknown): void
}

/**
 * A provider whose calls the test answers: by default each call gets new credentials for
 * `lifetimeMs` from the clock's now; `hold()` keeps calls pending until `resolve`/`reject`.
 */
export function createFakeProvider(clock: Clock, lifetimeMs = hour) {
  let serial = 0
  let held = false
  let failure: unknown
  const pending: Call[] = []
  const calls: Array<{ forceRefresh?: boolean } | undefined> = []
  const fresh = () => credentialsFor(++serial, new Date(clock.now() + lifetimeMs))
  const provider = (options?: { forceRefresh?: boolean }): Promise<Credentials> => {
    calls.push(options)
    if (failure !== undefined) return Promise.reject(failure)
    if (!held) return Promise.resolve(fresh())
    return new Promise<Credentials>((resolve, reject) => {
      pending.push({ options, resolve: (credentials) => resolve(credentials ?? fresh()), reject })
    })
  }
  return {
    provider,
    calls,
    pending,
    get count() {
      return calls.length
    },
    hold() {
      held = true
    },
    release() {
      held = false
    },
    failWith(error: unknown) {
      failure = error
    },
    succeed() {
      failure = undefined
    },
    resolveNext(credentials?: Credentials) {
      const call = pending.shift()
      if (call === undefined) throw new Error('no pending provider call')
      call.resolve(credentials)
    },
    rejectNext(error: unknown) {
      const call = pending.shift()
      if (call === undefined) throw new Error('no pending provider call')
      call.reject(error)
    },
  }
}

/** Lets every promise chain that can progress without timers run to its end. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Whether `promise` has settled by the time pending work has run. */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false
  promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  await flush()
  return settled
}
