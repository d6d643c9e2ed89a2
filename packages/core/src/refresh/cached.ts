import { checkCredentials, type CredentialProvider, type Credentials } from '../credentials.js'
import { CredentialStoreError, InvalidCredentialsError, InvalidRefreshOptionsError } from '../errors.js'
import { AttemptTimeoutError } from '../http/retry.js'
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
  /** How long a store lock is held at most, and a refresh is waited for before it is given up; default 30 s. */
  readonly lockTtlMs?: number
  /** How long to poll the store while another process refreshes, before refreshing here; default 5 s. */
  readonly lockWaitMs?: number
  /** Default 250 ms. */
  readonly lockPollMs?: number
  /**
   * A store operation (get, set, lock, release) that has not settled within this has failed, and
   * the refresh goes on without it; default 5 s.
   */
  readonly storeTimeoutMs?: number
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
  readonly fromStore?: boolean | undefined
}

interface Flight {
  readonly forced: boolean
  readonly startedAt: number
  readonly promise: Promise<Credentials>
}

interface Range {
  readonly min: number
  readonly max: number
}

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
  const {
    store,
    advisoryWindowMs,
    mandatoryWindowMs,
    jitter = 0.2,
    failureBackoffMs = { min: 300_000, max: 600_000 },
    failureCacheMs = { min: 1_000, max: 5_000 },
    lockTtlMs = 30_000,
    now = Date.now,
    random = Math.random,
    crossRequestSafe = isCloudflareWorkers(),
  } = options
  const invalid = (name: string, value: unknown) => {
    let shown: string = typeof value
    try {
      // A BigInt inside an object or a circular one would make JSON.stringify throw a TypeError.
      shown = typeof value == 'object' ? JSON.stringify(value) : String(value)
    } catch {}
    return new InvalidRefreshOptionsError(`cached: ${name} ${shown} is not valid`)
  }
  // Every time is a finite number ≥ 0 (a string or NaN is refused, not coerced), every range a
  // `{ min, max }` of such times with min ≤ max, and jitter a fraction below 1.
  const isTime = (value: unknown): value is number => typeof value == 'number' && value >= 0 && value < Infinity
  const isRange = (range: Partial<Range> | null) => isTime(range?.min) && isTime(range.max) && range.max >= range.min
  // Each rule is handed the option as the caller gave it, checked by nothing else first.
  const rules: Record<string, (value: never) => boolean> = {
    advisoryWindowMs: isTime,
    mandatoryWindowMs: isTime,
    lockTtlMs: isTime,
    lockWaitMs: isTime,
    lockPollMs: isTime,
    storeTimeoutMs: isTime,
    failureBackoffMs: isRange,
    failureCacheMs: isRange,
    jitter: (value: unknown) => isTime(value) && value < 1,
  }
  for (const [name, valid] of Object.entries(rules)) {
    const value = options[name as keyof CachedOptions]
    if (value !== undefined && !valid(value as never)) throw invalid(name, value)
  }
  if ((mandatoryWindowMs ?? 0) > (advisoryWindowMs ?? Infinity)) throw invalid('mandatoryWindowMs (over advisoryWindowMs)', mandatoryWindowMs)
  if (store && !options.key) throw invalid('key (required with a store)', options.key)
  // Flight scopes: the one all callers share (outside crossRequestSafe mode), and the background
  // refresh's in crossRequestSafe mode, which no caller joins. Any object of its own is a key no
  // `requestScope` can return; a Symbol would only add a description.
  const shared = {}
  const background = {}

  let entry: Entry | undefined
  let retryAt = -Infinity
  let adoptedSequence = 0
  let nextSequence = 0
  // The key ids of the last few credentials a service rejected, never taken from the store again.
  // A few, not one: in a storm of rejections (sessions revoked) a late report about older
  // credentials must not let the newer rejected ones back.
  let rejectedAccessKeyIds: string[] = []
  // An error handed to callers until `failureUntil` instead of calling the provider again.
  let failure: unknown
  let failureUntil = -Infinity
  // Refreshes in flight, by scope: a request's (crossRequestSafe mode), `shared` or `background`.
  const flights = new Map<unknown, Flight>()

  const between = (range: Range) => range.min + random() * (range.max - range.min)
  const report = (callback: ((error: never) => void) | undefined, error: unknown) => {
    try {
      // A throwing callback must not turn a served caller into a failed one, and an async one that
      // rejects must not leave an unhandled rejection, which ends a Node process.
      Promise.resolve(callback?.(error as never)).catch(() => {})
    } catch {}
  }

  function entryOf(credentials: Credentials, issuedAt: number, fromStore?: boolean): Entry {
    const expiresAt = credentials.expiration?.getTime() ?? Infinity
    const windows = refreshWindows(expiresAt - issuedAt)
    const advisoryMs = advisoryWindowMs ?? windows.advisoryMs
    const mandatoryMs = mandatoryWindowMs ?? Math.min(windows.mandatoryMs, advisoryMs)
    // aws-sdk-go-v2's `window − rand·frac·window`: a fleet handed credentials at the same moment
    // spreads its refreshes. Only the advisory window moves; the mandatory one stays exact.
    const jitteredAdvisoryMs = Math.max(mandatoryMs, advisoryMs * (1 - jitter * random()))
    return { credentials, expiresAt, advisoryAt: expiresAt - jitteredAdvisoryMs, mandatoryAt: expiresAt - mandatoryMs, fromStore }
  }

  async function fetchFresh(forced: boolean): Promise<Credentials> {
    const credentials = checkCredentials(await provider(forced ? { forceRefresh: true } : undefined))
    const { expiration } = credentials
    if (expiration !== undefined) refuseExpired(expiration instanceof Date ? expiration.getTime() : NaN)
    return credentials
  }

  /**
   * Expired credentials are never handed out: not from the provider, and not when the store's write
   * and lock release, which come after the provider's answer, outlast short-lived credentials.
   */
  function refuseExpired(expiresAt: number) {
    if (!(expiresAt > now())) throw new InvalidCredentialsError('the refresh got expired credentials, or an expiration that is not a Date')
  }

  /**
   * The refresh with a store: use what another process stored when it is still before its advisory
   * window; otherwise take the store's lock (or, while someone else holds it, poll for what they
   * publish), call the provider, and store the result. A failing store never fails a caller: the
   * refresh goes on without it and `onStoreError` hears of it. In `cached` itself rather than a
   * module of its own: handing that module what it needs of this closure took an object of nine
   * named members, 65 B gzip in a browser bundle.
   */
  function refreshThroughStore(store: CredentialStore, key: string): (forced: boolean) => Promise<Entry> {
    const lockPollMs = options.lockPollMs ?? 250
    const lockPolls = Math.ceil((options.lockWaitMs ?? 5_000) / Math.max(1, lockPollMs))
    const storeTimeoutMs = options.storeTimeoutMs ?? 5_000
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
    const reportStoreError = (error: CredentialStoreError) => report(options.onStoreError ?? options.onRefreshError, error)

    /** What `run` returns, or null when the store failed (reported). */
    async function attempt<T>(operation: CredentialStoreError['operation'], run: () => Promise<T>): Promise<T | null> {
      try {
        return await within(run(), storeTimeoutMs, `credential store ${operation}`)
      } catch (cause) {
        reportStoreError(
          cause instanceof CredentialStoreError ? cause : new CredentialStoreError(`credential store ${operation} failed for key ${key}`, { operation, cause }),
        )
        return null
      }
    }

    /** A store entry fresh enough to use as is (before its own advisory window), or undefined. */
    async function read(avoidAccessKeyId: string | undefined): Promise<Entry | undefined> {
      const value = await attempt('get', () => store.get(key))
      if (value == null) return undefined
      const stored = parseStoredCredentials(value)
      // Checked as a provider's answer is: a key id or token a request cannot carry is no use.
      let credentials: Credentials | undefined
      try {
        if (stored?.expiration !== undefined) credentials = checkCredentials(fromStoredCredentials(stored))
      } catch {}
      if (credentials === undefined) {
        reportStoreError(new CredentialStoreError(`the value stored under key ${key} is not usable credentials with an expiration`, { operation: 'get' }))
        return undefined
      }
      if (rejectedAccessKeyIds.includes(credentials.accessKeyId) || credentials.accessKeyId === avoidAccessKeyId) return undefined
      const time = now()
      // An issuedAt after now (the writer's clock runs ahead) or none (a writer other than cached)
      // tells nothing of the lifetime: the windows of long-lived credentials apply, as in botocore.
      const { issuedAt = Infinity } = stored!
      const candidate = entryOf(credentials, issuedAt <= time ? issuedAt : -Infinity, true)
      return time < candidate.advisoryAt ? candidate : undefined
    }

    return async (forced) => {
      if (!forced) {
        const stored = await read(undefined)
        if (stored !== undefined) return stored
      }
      let lock: StoreLock | undefined | null
      const avoid = forced ? entry?.credentials.accessKeyId : undefined
      if (store.lock !== undefined) {
        lock = await attempt('lock', () => store.lock!(key, lockTtlMs))
        if (lock === undefined) {
          // Someone else is refreshing this key: wait for what they publish, but not for ever.
          for (let poll = 0; poll < lockPolls; poll++) {
            await sleep(lockPollMs)
            const stored = await read(avoid)
            if (stored !== undefined) return stored
          }
        }
      }
      try {
        // With the lock, look once more: another process may have refreshed, stored and let the
        // lock go between the read above and this lock (eight processes made two STS calls so).
        const stored = lock ? await read(avoid) : undefined
        if (stored !== undefined) return stored
        const credentials = await fetchFresh(forced)
        const issuedAt = now()
        const { expiration } = credentials
        if (expiration !== undefined) {
          await attempt('set', () => store.set(key, toStoredCredentials(credentials, { issuedAt }), { expiresAt: expiration }))
        }
        return entryOf(credentials, issuedAt)
      } finally {
        if (lock) await attempt('release', () => lock.release())
      }
    }
  }

  const obtain = store ? refreshThroughStore(store, options.key!) : async (forced: boolean): Promise<Entry> => entryOf(await fetchFresh(forced), now())

  function adopt(sequence: number, fresh: Entry): Credentials {
    refuseExpired(fresh.expiresAt)
    // An older refresh finishing late must not replace a newer one's result, and a store read
    // that raced an invalidate must not bring the rejected credentials back.
    if (sequence > adoptedSequence && !(fresh.fromStore && rejectedAccessKeyIds.includes(fresh.credentials.accessKeyId))) {
      adoptedSequence = sequence
      entry = fresh
      retryAt = failureUntil = -Infinity
    }
    return fresh.credentials
  }

  function failed(error: unknown) {
    const time = now()
    const current = entry
    if (current === undefined || time >= current.expiresAt) {
      // Nothing was served in its place: the callers saw the error. Remember it a moment if
      // retrying cannot fix it (the error says so, or the provider returned unusable credentials).
      if (error instanceof InvalidCredentialsError || (error as { retryable?: unknown } | undefined)?.retryable === false) {
        failure = error
        failureUntil = time + between(failureCacheMs)
      }
      return
    }
    report(options.onRefreshError, error)
    const wait = between(failureBackoffMs)
    retryAt =
      time < current.mandatoryAt
        ? Math.min(time + wait, current.mandatoryAt)
        : time + Math.max(1_000, Math.min(wait, (current.expiresAt - time) / 2))
  }

  /**
   * Joins the refresh in flight for `scope`, or starts one; an ordinary refresh never satisfies a
   * forced one. A caller's scope is asked for only when it has to wait for a refresh.
   */
  function refresh(forced: boolean, scope: unknown = crossRequestSafe ? options.requestScope?.() : shared): Promise<Credentials> {
    const existing = flights.get(scope)
    if (existing !== undefined && (existing.forced || !forced)) return existing.promise
    const sequence = ++nextSequence
    const flight: Flight = {
      forced,
      startedAt: now(),
      promise: within(obtain(forced), lockTtlMs, 'the refresh')
        .then((fresh) => adopt(sequence, fresh))
        .catch((error: unknown) => {
          failed(error)
          throw error
        })
        .finally(() => {
          if (flights.get(scope) === flight) flights.delete(scope)
        }),
    }
    if (scope !== undefined) flights.set(scope, flight)
    return flight.promise
  }

  function startBackground(time: number) {
    const scope = crossRequestSafe ? background : shared
    const running = flights.get(scope)
    // A background refresh whose request ended may never settle in Workers: after the lock's
    // time it no longer holds back the next one.
    if (running !== undefined && !(crossRequestSafe && time - running.startedAt >= lockTtlMs)) return
    flights.delete(scope)
    // Its error went to onRefreshError (`failed`); nobody awaits it.
    const settled = refresh(false, scope).then(
      () => {},
      () => {},
    )
    // A throwing waitUntil must not fail a caller who is being served valid credentials.
    report(options.waitUntil, settled)
  }

  /**
   * `promise`, or an AttemptTimeoutError once it has not settled within `ms`. A refresh (the
   * provider and the store) is given up after `lockTtlMs`: its callers get the credentials still
   * valid or the timeout, and the next call starts another, instead of every caller joining one that
   * never ends. A store operation is given up after `storeTimeoutMs`, so that a store that hangs
   * cannot take the provider's answer down with it.
   */
  function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AttemptTimeoutError(`cached: ${what} did not settle within ${ms} ms`)), ms)
    })
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
  }

  async function cachedProvider(callOptions?: { forceRefresh?: boolean }): Promise<Credentials> {
    const forced = callOptions?.forceRefresh === true
    const time = now()
    const current = entry
    if (!forced && current !== undefined && time < current.expiresAt) {
      if (time < current.advisoryAt || time < retryAt) return current.credentials
      if (time < current.mandatoryAt) {
        startBackground(time)
        return current.credentials
      }
      try {
        return await refresh(false)
      } catch (error) {
        // Still valid: serve them (the error went to onRefreshError) rather than fail the caller.
        const still = entry
        if (still !== undefined && now() < still.expiresAt) return still.credentials
        throw error
      }
    }
    if (!forced && time < failureUntil) throw failure
    return refresh(forced)
  }

  function invalidate(rejected?: Credentials) {
    const current = entry
    const id = (rejected ?? current?.credentials)?.accessKeyId
    if (id !== undefined && !rejectedAccessKeyIds.includes(id)) rejectedAccessKeyIds = [id, ...rejectedAccessKeyIds.slice(0, 7)]
    if (rejected !== undefined && (current === undefined || current.credentials.accessKeyId !== rejected.accessKeyId || current.credentials.sessionToken !== rejected.sessionToken)) return
    entry = undefined
    retryAt = failureUntil = -Infinity
  }

  return Object.assign(cachedProvider, { invalidate })
}
