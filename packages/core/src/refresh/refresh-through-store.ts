import type { Credentials } from '../credentials.js'
import { CredentialStoreError } from '../errors.js'
import type { CredentialStore, StoreLock } from '../stores/credential-store.js'
import { fromStoredCredentials, parseStoredCredentials, toStoredCredentials } from '../stores/stored-credentials.js'
import type { CachedOptions, Entry } from './cached.js'

/** What `cached` lends the store layer. */
export interface StoreRefreshHost {
  readonly store: CredentialStore
  readonly options: CachedOptions
  /** `options.lockTtlMs` with its default. */
  readonly lockTtlMs: number
  readonly now: () => number
  /** Calls the provider and checks what it returns. */
  fetchFresh(forced: boolean): Promise<Credentials>
  entryOf(credentials: Credentials, issuedAt: number, fromStore: boolean): Entry
  /** Whether `invalidate` rejected credentials with this access key id. */
  isRejected(accessKeyId: string): boolean
  /** The access key id of the credentials cached now. */
  current(): string | undefined
  reportStoreError(error: CredentialStoreError): void
}

export type StoreRefresh = (forced: boolean) => Promise<Entry>

/**
 * The refresh of a `cached` provider that has a store: use what another process stored when it
 * is still before its advisory window; otherwise take the store's lock (or, while someone else
 * holds it, poll for what they publish), call the provider, and store the result. A failing store
 * never fails a caller: the refresh goes on without it and `reportStoreError` hears of it.
 */
export function refreshThroughStore(host: StoreRefreshHost): StoreRefresh {
  const { store, options, now, lockTtlMs } = host
  const key = options.key!
  const lockPollMs = options.lockPollMs ?? 250
  const lockPolls = Math.ceil((options.lockWaitMs ?? 5_000) / Math.max(1, lockPollMs))
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))

  /** What `run` returns, or null when the store failed (reported). */
  async function attempt<T>(operation: CredentialStoreError['operation'], run: () => Promise<T>): Promise<T | null> {
    try {
      return await run()
    } catch (cause) {
      host.reportStoreError(
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
    if (stored?.expiration === undefined) {
      host.reportStoreError(new CredentialStoreError(`the value stored under key ${key} is not credentials with an expiration`, { operation: 'get' }))
      return undefined
    }
    if (host.isRejected(stored.accessKeyId) || stored.accessKeyId === avoidAccessKeyId) return undefined
    const time = now()
    const candidate = host.entryOf(fromStoredCredentials(stored), stored.issuedAt ?? time, true)
    return time < candidate.advisoryAt ? candidate : undefined
  }

  return async (forced) => {
    if (!forced) {
      const stored = await read(undefined)
      if (stored !== undefined) return stored
    }
    let lock: StoreLock | undefined | null
    if (store.lock !== undefined) {
      lock = await attempt('lock', () => store.lock!(key, lockTtlMs))
      if (lock === undefined) {
        // Someone else is refreshing this key: wait for what they publish, but not for ever.
        const avoid = forced ? host.current() : undefined
        for (let poll = 0; poll < lockPolls; poll++) {
          await sleep(lockPollMs)
          const stored = await read(avoid)
          if (stored !== undefined) return stored
        }
      }
    }
    try {
      const credentials = await host.fetchFresh(forced)
      const issuedAt = now()
      const { expiration } = credentials
      if (expiration !== undefined) {
        await attempt('set', () => store.set(key, toStoredCredentials(credentials, { issuedAt }), { expiresAt: expiration }))
      }
      return host.entryOf(credentials, issuedAt, false)
    } finally {
      if (lock) await attempt('release', () => lock.release())
    }
  }
}
