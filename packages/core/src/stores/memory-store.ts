import { InvalidRefreshOptionsError } from '../errors.js'
import { hideSecretsFromInspect } from '../redaction.js'
import type { CredentialStore, StoreLock } from './credential-store.js'
import type { StoredCredentials } from './stored-credentials.js'

export interface MemoryStoreOptions {
  /** The least recently used key is dropped beyond this many; default 100. */
  readonly maxEntries?: number
  readonly now?: () => number
}

interface Entry {
  readonly value: StoredCredentials
  readonly expiresAt: number
}

/**
 * A `CredentialStore` in this process's memory, bounded (LRU), with locks that expire. Share one
 * between several `cached` providers to share their credentials and their refreshes.
 */
export function memoryStore(options: MemoryStoreOptions = {}): CredentialStore {
  const maxEntries = options.maxEntries ?? 100
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new InvalidRefreshOptionsError(`memoryStore maxEntries must be a positive integer, got ${String(maxEntries)}`)
  }
  const now = options.now ?? Date.now
  // A Map iterates in insertion order: re-inserting on every read keeps the oldest first.
  const entries = new Map<string, Entry>()
  const locks = new Map<string, { readonly token: object; readonly until: number }>()

  return {
    async get(key) {
      const entry = entries.get(key)
      if (entry === undefined) return undefined
      entries.delete(key)
      if (now() >= entry.expiresAt) return undefined
      entries.set(key, entry)
      return entry.value
    },
    async set(key, value, { expiresAt }) {
      entries.delete(key)
      entries.set(key, { value: Object.freeze(hideSecretsFromInspect({ ...value })), expiresAt: expiresAt.getTime() })
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
    },
    async delete(key) {
      entries.delete(key)
    },
    async lock(key, ttlMs): Promise<StoreLock | undefined> {
      const held = locks.get(key)
      if (held !== undefined && now() < held.until) return undefined
      const token = {}
      locks.set(key, { token, until: now() + ttlMs })
      return {
        async release() {
          if (locks.get(key)?.token === token) locks.delete(key)
        },
      }
    },
  }
}
