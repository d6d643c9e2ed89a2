import { createRedisCommand, type RedisClientLike } from './redis-commands.js'
import { deserializeEntry, serializeEntry } from './serialize-entry.js'
import type { CredentialStore } from '@credkit/core'

export interface RedisStoreOptions {
  /** A connected node-redis (`createClient`) or ioredis client; the application owns it. */
  readonly client: RedisClientLike
  /** Prepended to every key; default `credkit:`. */
  readonly prefix?: string
  /** Per command; default 500 ms. A slower Redis counts as down. */
  readonly commandTimeoutMs?: number
  readonly now?: () => number
}

// Deletes the lock only if it is still ours: after its TTL another process may hold it.
const releaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end"

/**
 * A `CredentialStore` in Redis, for fleets of processes on many machines. Entries expire in Redis
 * with the credentials (`PX`), and the lock is `SET key token NX PX ttl`, so that of N processes
 * refreshing at once one calls STS and the others read its result. When Redis is down or slower
 * than `commandTimeoutMs` every method rejects with core's `CredentialStoreError`; core's `cached` then
 * has each process refresh on its own, which is what it would do without a store.
 */
export function redisStore(options: RedisStoreOptions): CredentialStore {
  // Taken when a store is made, not imported: importing @credkit/node loads no built-in module
  // (node:crypto alone costs a new process about 2 ms; issue 5).
  const { randomUUID } = process.getBuiltinModule('node:crypto')
  const command = createRedisCommand(options.client, options.commandTimeoutMs ?? 500)
  const prefix = options.prefix ?? 'credkit:'
  const now = options.now ?? Date.now
  const entryKey = (key: string) => `${prefix}credentials:${key}`
  const lockKey = (key: string) => `${prefix}lock:${key}`

  return {
    async get(key) {
      const text = await command('get', ['GET', entryKey(key)])
      if (typeof text !== 'string') return undefined
      const entry = deserializeEntry(text)
      return entry === undefined || entry.expiresAt <= now() ? undefined : entry.value
    },
    async set(key, value, { expiresAt }) {
      const ttl = Math.floor(expiresAt.getTime() - now())
      if (ttl <= 0) return
      await command('set', ['SET', entryKey(key), serializeEntry({ value, expiresAt: expiresAt.getTime() }), 'PX', String(ttl)])
    },
    async delete(key) {
      await command('delete', ['DEL', entryKey(key)])
    },
    async lock(key, ttlMs) {
      const token = randomUUID()
      const reply = await command('lock', ['SET', lockKey(key), token, 'NX', 'PX', String(Math.max(1, Math.ceil(ttlMs)))])
      if (reply !== 'OK') return undefined
      return {
        release: async () => {
          await command('release', ['EVAL', releaseScript, '1', lockKey(key), token])
        },
      }
    },
  }
}
