import { checkCredentials, type CredentialProvider, type Credentials } from '../credentials.js'
import { CredentialStoreError, InvalidCredentialsError, InvalidRefreshOptionsError } from '../errors.js'
import type { CredentialStore, StoreLock } from '../stores/credential-store.js'
import { fromStoredCredentials, parseStoredCredentials, toStoredCredentials } from '../stores/stored-credentials.js'
import { isCloudflareWorkers } from './is-cloudflare-workers.js'
import { refreshWindows } from './refresh-windows.js'

export interface CachedOptions {
  /** The store key (see `credentialKey`); required with `store`. */
  readonly key?: string
  /**
   * Shares credentials beyond this provider: read on a miss (someone else may have refreshed),
   * written after each refresh with `expiresAt` = the credentials' expiration. Credentials without
   * an expiration (long-term keys) are never written to a store.
   */
  readonly store?: CredentialStore
  readonly now?: () => number
  /** In [0, 1); draws the jitter of the advisory window and of the failure backoff. */
  readonly random?: () => number
  /** Waits between store polls while another process holds the refresh lock. */
  readonly sleep?: (ms: number) => Promise<void>
  /** Fixed windows instead of the ones scaled to the credentials' lifetime (`refreshWindows`). */
  readonly advisoryWindowMs?: number
  readonly mandatoryWindowMs?: number
  /** The advisory window shrinks by a random fraction of itself up to this; default 0.2. */
  readonly jitter?: number
  /** After a failed refresh, the next one waits a random time in [min, max]; default 300–600 s. */
  readonly failureBackoffMs?: { readonly min: number; readonly max: number }
  /** How long a store lock is held at most; default 30 s. */
  readonly lockTtlMs?: number
  /** How long to poll the store while another process refreshes, before refreshing here; default 5 s. */
  readonly lockWaitMs?: number
  /** Default 250 ms. */
  readonly lockPollMs?: number
  /**
   * How long an error that retrying cannot fix (`retryable: false`, as STS's AccessDenied, or a
   * provider returning unusable credentials) is handed to callers without calling the provider
   * again: a random time in [min, max]; default 1–5 s (aws-sdk-go-v2). `forceRefresh` and
   * `invalidate` skip it.
   */
  readonly failureCacheMs?: { readonly min: number; readonly max: number }
  /** A refresh failed while the current credentials were still valid, so no caller saw the error. */
  readonly onRefreshError?: (error: unknown) => void
  /** The store failed; the engine went on without it. Defaults to `onRefreshError`. */
  readonly onStoreError?: (error: CredentialStoreError) => void
  /**
   * Never await a refresh started by another request (Cloudflare Workers cancels or refuses I/O
   * across requests). Default: true in Workers (`navigator.userAgent === 'Cloudflare-Workers'`).
   * Callers then share a refresh only when `requestScope` returns the same value for them;
   * without `requestScope` each caller that has to wait refreshes on its own (the store's lock
   * still lets only one refresh per key reach the provider across isolates).
   */
  readonly crossRequestSafe?: boolean
  /** Identifies the current request (e.g. from AsyncLocalStorage); undefined shares with no one. */
  readonly requestScope?: () => unknown
  /** Handed every background refresh, e.g. a Worker's `ctx.waitUntil`, so the runtime lets it finish. */
  readonly waitUntil?: (promise: Promise<unknown>) => void
}

export interface CachedProvider extends CredentialProvider {
  /**
   * A service rejected `rejected` (or, without an argument, whatever is cached): drop them if they
   * are the ones cached, so the next call refreshes, and never take them from the store again.
   */
  invalidate(rejected?: Credentials): void
}

interface Entry {
  readonly credentials: Credentials
  readonly expiresAt: number
  readonly advisoryAt: number
  readonly mandatoryAt: number
  readonly fromStore: boolean
}

interface Flight {
  readonly sequence: number
  readonly forced: boolean
  readonly startedAt: number
  promise: Promise<Credentials>
}

const minimumMandatoryRetryMs = 1_000

function checkOption(name: string, value: number | undefined, condition = value === undefined || (Number.isFinite(value) && value >= 0)) {
  if (!condition) throw new InvalidRefreshOptionsError(`cached: ${name} must be a finite number ≥ 0, got ${String(value)}`)
}

/** Retrying cannot fix it: the error says so (STS AccessDenied), or the provider returned unusable credentials. */
const isPermanent = (error: unknown) =>
  error instanceof InvalidCredentialsError || (typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false)

const sameCredentials = (a: Credentials, b: Credentials) => a.accessKeyId === b.accessKeyId && a.sessionToken === b.sessionToken

/**
 * Wraps `provider` so that it is called only when the credentials need refreshing, by one caller
 * at a time (single flight), ahead of their expiration:
 * - before the advisory window: the cached credentials, at once;
 * - in the advisory window: the cached credentials at once, and a refresh in the background;
 * - in the mandatory window: callers wait for the refresh; if it fails they still get the cached
 *   credentials (they have not expired) and the error goes to `onRefreshError`;
 * - expired or none: callers wait for the refresh and get its error if it fails.
 * A failed refresh is not retried for 300–600 s, and never later than the start of the mandatory
 * window; inside the mandatory window the wait is at most half the time left (at least 1 s).
 * Expired credentials are never returned: a provider that returns some gets an
 * `InvalidCredentialsError`. Credentials without an expiration are kept until `forceRefresh` or
 * `invalidate`. `forceRefresh` skips the cache and the store, and is single-flight too.
 */
export function cached(provider: CredentialProvider, options: CachedOptions = {}): CachedProvider {
  const { store, advisoryWindowMs, mandatoryWindowMs } = options
  if (store !== undefined && (typeof options.key !== 'string' || options.key === '')) {
    throw new InvalidRefreshOptionsError('cached: a store needs a key (see credentialKey)')
  }
  const key = options.key ?? 'default'
  const jitter = options.jitter ?? 0.2
  const backoff = options.failureBackoffMs ?? { min: 300_000, max: 600_000 }
  const failureCache = options.failureCacheMs ?? { min: 1_000, max: 5_000 }
  const lockTtlMs = options.lockTtlMs ?? 30_000
  const lockPollMs = options.lockPollMs ?? 250
  const lockPolls = Math.ceil((options.lockWaitMs ?? 5_000) / Math.max(1, lockPollMs))
  checkOption('advisoryWindowMs', advisoryWindowMs)
  checkOption('mandatoryWindowMs', mandatoryWindowMs)
  checkOption('jitter', jitter, jitter >= 0 && jitter < 1)
  checkOption('failureBackoffMs', backoff.min, Number.isFinite(backoff.min) && backoff.min >= 0 && backoff.max >= backoff.min && Number.isFinite(backoff.max))
  checkOption('failureCacheMs', failureCache.min, Number.isFinite(failureCache.min) && failureCache.min >= 0 && failureCache.max >= failureCache.min && Number.isFinite(failureCache.max))
  checkOption('lockTtlMs', lockTtlMs)
  checkOption('lockWaitMs', options.lockWaitMs)
  checkOption('lockPollMs', lockPollMs)
  if (advisoryWindowMs !== undefined && mandatoryWindowMs !== undefined && mandatoryWindowMs > advisoryWindowMs) {
    throw new InvalidRefreshOptionsError('cached: mandatoryWindowMs must not be longer than advisoryWindowMs')
  }
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const crossRequestSafe = options.crossRequestSafe ?? isCloudflareWorkers()
  const onStoreError = options.onStoreError ?? options.onRefreshError
  const shared = Symbol('shared')

  let entry: Entry | undefined
  let retryAt = -Infinity
  let adoptedSequence = 0
  let nextSequence = 0
  let rejectedAccessKeyId: string | undefined
  let cachedFailure: { readonly error: unknown; readonly until: number } | undefined
  // Refreshes that callers may join, by request scope (`shared` outside crossRequestSafe mode).
  const flights = new Map<unknown, Flight>()
  let background: Flight | undefined

  const report = (callback: ((error: never) => void) | undefined, error: unknown) => {
    try {
      ;(callback as ((error: unknown) => void) | undefined)?.(error)
    } catch {
      // A throwing callback must not turn a served caller into a failed one.
    }
  }
  const storeError = (operation: CredentialStoreError['operation'], cause: unknown) =>
    report(
      onStoreError,
      cause instanceof CredentialStoreError ? cause : new CredentialStoreError(`credential store ${operation} failed for key ${key}`, { operation, cause }),
    )

  function makeEntry(credentials: Credentials, issuedAt: number, fromStore: boolean): Entry {
    if (credentials.expiration === undefined) {
      return { credentials, expiresAt: Infinity, advisoryAt: Infinity, mandatoryAt: Infinity, fromStore }
    }
    const expiresAt = credentials.expiration.getTime()
    const scaled = refreshWindows(expiresAt - issuedAt)
    const advisoryMs = advisoryWindowMs ?? scaled.advisoryMs
    const mandatoryMs = mandatoryWindowMs ?? Math.min(scaled.mandatoryMs, advisoryMs)
    // aws-sdk-go-v2's `window − rand·frac·window`: a fleet handed credentials at the same moment
    // spreads its refreshes. Only the advisory window moves; the mandatory one stays exact.
    const jitteredAdvisoryMs = Math.max(mandatoryMs, advisoryMs * (1 - jitter * random()))
    return { credentials, expiresAt, advisoryAt: expiresAt - jitteredAdvisoryMs, mandatoryAt: expiresAt - mandatoryMs, fromStore }
  }

  function checkFresh(credentials: Credentials): Credentials {
    checkCredentials(credentials)
    const { expiration } = credentials
    if (expiration !== undefined) {
      if (!(expiration instanceof Date) || Number.isNaN(expiration.getTime())) {
        throw new InvalidCredentialsError('the provider returned credentials whose expiration is not a valid Date')
      }
      if (expiration.getTime() <= now()) {
        throw new InvalidCredentialsError(`the provider returned credentials that expired at ${expiration.toISOString()}`)
      }
    }
    return credentials
  }

  /** A store entry fresh enough to use as is (before its own advisory window), or undefined. */
  async function readStore(avoidAccessKeyId: string | undefined): Promise<Entry | undefined> {
    let value: unknown
    try {
      value = await store!.get(key)
    } catch (error) {
      storeError('get', error)
      return undefined
    }
    if (value === undefined) return undefined
    const stored = parseStoredCredentials(value)
    if (stored?.expiration === undefined) {
      storeError('get', new CredentialStoreError(`the value stored under key ${key} is not credentials with an expiration`, { operation: 'get' }))
      return undefined
    }
    if (stored.accessKeyId === rejectedAccessKeyId || stored.accessKeyId === avoidAccessKeyId) return undefined
    const time = now()
    const candidate = makeEntry(fromStoredCredentials(stored), stored.issuedAt ?? time, true)
    return time < candidate.advisoryAt ? candidate : undefined
  }

  async function obtain(forced: boolean): Promise<Entry> {
    if (store !== undefined && !forced) {
      const stored = await readStore(undefined)
      if (stored !== undefined) return stored
    }
    let lock: StoreLock | undefined
    if (store?.lock !== undefined) {
      let acquired: StoreLock | undefined | null = null
      try {
        acquired = await store.lock(key, lockTtlMs)
      } catch (error) {
        storeError('lock', error)
      }
      if (acquired === undefined) {
        // Someone else is refreshing this key: wait for what they publish, but not for ever.
        const avoid = forced ? entry?.credentials.accessKeyId : undefined
        for (let poll = 0; poll < lockPolls; poll++) {
          await sleep(lockPollMs)
          const stored = await readStore(avoid)
          if (stored !== undefined) return stored
        }
      } else if (acquired !== null) {
        lock = acquired
      }
    }
    try {
      const credentials = checkFresh(await provider(forced ? { forceRefresh: true } : undefined))
      const issuedAt = now()
      if (store !== undefined && credentials.expiration !== undefined) {
        try {
          await store.set(key, toStoredCredentials(credentials, { issuedAt }), { expiresAt: credentials.expiration })
        } catch (error) {
          storeError('set', error)
        }
      }
      return makeEntry(credentials, issuedAt, false)
    } finally {
      if (lock !== undefined) {
        try {
          await lock.release()
        } catch (error) {
          storeError('release', error)
        }
      }
    }
  }

  function adopt(sequence: number, fresh: Entry): Credentials {
    // An older refresh finishing late must not replace a newer one's result, and a store read
    // that raced an invalidate must not bring the rejected credentials back.
    if (sequence > adoptedSequence && !(fresh.fromStore && fresh.credentials.accessKeyId === rejectedAccessKeyId)) {
      adoptedSequence = sequence
      entry = fresh
      retryAt = -Infinity
      cachedFailure = undefined
    }
    return fresh.credentials
  }

  function failed(error: unknown) {
    const time = now()
    const current = entry
    if (current === undefined || time >= current.expiresAt) {
      if (isPermanent(error)) {
        cachedFailure = { error, until: time + failureCache.min + random() * (failureCache.max - failureCache.min) }
      }
      return
    }
    report(options.onRefreshError, error)
    const wait = backoff.min + random() * (backoff.max - backoff.min)
    retryAt =
      time < current.mandatoryAt
        ? Math.min(time + wait, current.mandatoryAt)
        : time + Math.max(minimumMandatoryRetryMs, Math.min(wait, (current.expiresAt - time) / 2))
  }

  function startFlight(forced: boolean, scope: unknown): Flight {
    const flight: Flight = { sequence: ++nextSequence, forced, startedAt: now(), promise: undefined as never }
    flight.promise = obtain(forced)
      .then(
        (fresh) => adopt(flight.sequence, fresh),
        (error: unknown) => {
          failed(error)
          throw error
        },
      )
      .finally(() => {
        if (flights.get(scope) === flight) flights.delete(scope)
        if (background === flight) background = undefined
      })
    if (scope !== undefined) flights.set(scope, flight)
    return flight
  }

  function refresh(forced: boolean): Promise<Credentials> {
    const scope = crossRequestSafe ? options.requestScope?.() : shared
    const existing = scope === undefined ? undefined : flights.get(scope)
    if (existing !== undefined && (existing.forced || !forced)) return existing.promise
    return startFlight(forced, scope).promise
  }

  function startBackground(time: number) {
    if (crossRequestSafe) {
      // A background refresh whose request ended may never settle in Workers: after the lock's
      // time it no longer holds back the next one.
      if (background !== undefined && time - background.startedAt < lockTtlMs) return
    } else if (flights.has(shared)) {
      return
    }
    const flight = startFlight(false, crossRequestSafe ? undefined : shared)
    background = flight
    const settled = flight.promise.then(
      () => undefined,
      () => undefined, // reported through onRefreshError by `failed`
    )
    options.waitUntil?.(settled)
  }

  async function cachedProvider(callOptions?: { forceRefresh?: boolean }): Promise<Credentials> {
    const forced = callOptions?.forceRefresh === true
    const current = entry
    if (!forced && current !== undefined) {
      const time = now()
      if (time < current.advisoryAt) return current.credentials
      if (time < current.expiresAt) {
        if (time < current.mandatoryAt) {
          if (time >= retryAt) startBackground(time)
          return current.credentials
        }
        if (time < retryAt) return current.credentials
        try {
          return await refresh(false)
        } catch (error) {
          // Still valid: serve them (the error went to onRefreshError) rather than fail the caller.
          const still = entry
          if (still !== undefined && now() < still.expiresAt) return still.credentials
          throw error
        }
      }
    }
    if (!forced && cachedFailure !== undefined && now() < cachedFailure.until) throw cachedFailure.error
    return refresh(forced)
  }

  function invalidate(rejected?: Credentials) {
    const current = entry
    if (rejected !== undefined) {
      rejectedAccessKeyId = rejected.accessKeyId
      if (current === undefined || !sameCredentials(current.credentials, rejected)) return
    } else if (current !== undefined) {
      rejectedAccessKeyId = current.credentials.accessKeyId
    }
    entry = undefined
    retryAt = -Infinity
    cachedFailure = undefined
  }

  return Object.assign(cachedProvider, { invalidate })
}
