import type { StoredCredentials } from './stored-credentials.js'

/** Held by whoever refreshes a key; `release` lets the next one in before the lock's time runs out. */
export interface StoreLock {
  release(): Promise<void>
}

/**
 * Where the refresh engine shares credentials beyond one `cached` provider: memory
 * (`memoryStore`), Workers KV, Redis, a file. Keys are opaque strings (see `credentialKey`).
 *
 * A store's errors reach `onStoreError` as the `cause` of a `CredentialStoreError`, as they are:
 * a store must not quote the value it was given (a client error that echoes its command would
 * carry the secret), as credkit's Redis and file stores do not.
 */
export interface CredentialStore {
  /** The value last set, or undefined when absent or past its `expiresAt`. */
  get(key: string): Promise<StoredCredentials | undefined>
  /** A store may drop the value at `expiresAt`; it must not keep it longer. */
  set(key: string, value: StoredCredentials, options: { expiresAt: Date }): Promise<void>
  delete(key: string): Promise<void>
  /**
   * Tries to take the refresh lock for `key` for at most `ttlMs`: a lock, or undefined when
   * someone else holds it. Without `lock`, every process refreshes on its own.
   */
  lock?(key: string, ttlMs: number): Promise<StoreLock | undefined>
}
