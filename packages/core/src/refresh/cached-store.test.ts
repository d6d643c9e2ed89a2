import { inspect } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import { CredentialStoreError, CredkitError, InvalidCredentialsError } from '../errors.js'
import type { CredentialStore } from '../stores/credential-store.js'
import { memoryStore } from '../stores/memory-store.js'
import { toStoredCredentials } from '../stores/stored-credentials.js'
import { createClock, createFakeProvider, credentialsFor, flush, hour, minute, secretOf } from '../../test/refresh-fixtures.js'
import { cached } from './cached.js'

const key = 'k'.repeat(64)

function setup(store: CredentialStore, options: { lifetimeMs?: number; sleep?: (ms: number) => Promise<void> } = {}) {
  const clock = createClock()
  const fake = createFakeProvider(clock, options.lifetimeMs ?? hour)
  const onStoreError = vi.fn()
  const onRefreshError = vi.fn()
  const provider = cached(fake.provider, {
    key,
    store,
    now: clock.now,
    random: () => 0,
    crossRequestSafe: false,
    onStoreError,
    onRefreshError,
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  })
  return { clock, fake, provider, onStoreError, onRefreshError }
}

describe('cached with a store', () => {
  it('uses fresh credentials another process stored instead of calling the provider', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const stored = credentialsFor(50, new Date(clock.now() + hour))
    await store.set(key, toStoredCredentials(stored, { issuedAt: clock.now() }), { expiresAt: stored.expiration! })
    const fake = createFakeProvider(clock)
    const provider = cached(fake.provider, { key, store, now: clock.now, random: () => 0 })
    const credentials = await provider()
    expect(credentials).toMatchObject({ accessKeyId: 'ASIA50', secretAccessKey: secretOf(50), expiration: stored.expiration })
    expect(fake.count).toBe(0)
    expect(inspect(credentials)).not.toContain(secretOf(50))
    expect(JSON.stringify(credentials)).not.toContain(secretOf(50))
  })

  it('writes each refresh to the store with expiresAt = expiration; never long-term keys', async () => {
    const set = vi.fn(async () => {})
    const store: CredentialStore = { get: async () => undefined, set, delete: async () => {} }
    const { provider, clock } = setup(store)
    const credentials = await provider()
    expect(set).toHaveBeenCalledWith(
      key,
      { accessKeyId: 'ASIA1', secretAccessKey: secretOf(1), sessionToken: expect.any(String), expiration: clock.now() + hour, issuedAt: clock.now() },
      { expiresAt: credentials.expiration },
    )
    set.mockClear()
    const longTerm = cached(async () => ({ accessKeyId: 'AKIA1', secretAccessKey: 'long-term' }), { key, store })
    await longTerm()
    expect(set).not.toHaveBeenCalled()
  })

  it('refreshes instead of adopting stored credentials that are already in their advisory window', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const stored = credentialsFor(50, new Date(clock.now() + 14 * minute))
    await store.set(key, toStoredCredentials(stored, { issuedAt: clock.now() - 46 * minute }), { expiresAt: stored.expiration! })
    const fake = createFakeProvider(clock)
    const provider = cached(fake.provider, { key, store, now: clock.now, random: () => 0 })
    expect((await provider()).accessKeyId).toBe('ASIA1')
    expect(fake.count).toBe(1)
  })

  // A writer whose clock runs ahead stores an issuedAt after the reader's now; a writer other than
  // cached may store none. Either way the lifetime is unknown: taken from the issuedAt, it was
  // negative and the windows empty; taken from now, the credentials looked fresh at every read of
  // the store, so a refresh adopted them again until they expired and every caller had to wait.
  it.each([
    ['an issuedAt one hour after the reader\'s now', hour],
    ['no issuedAt', undefined],
  ])('stored credentials with %s get the windows of long-lived ones (15 and 10 minutes)', async (_, ahead) => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const stored = credentialsFor(50, new Date(clock.now() + 40 * minute))
    const written = toStoredCredentials(stored, ahead === undefined ? {} : { issuedAt: clock.now() + ahead })
    await store.set(key, written, { expiresAt: stored.expiration! })
    const fake = createFakeProvider(clock)
    const provider = cached(fake.provider, { key, store, now: clock.now, random: () => 0, crossRequestSafe: false })
    expect((await provider()).accessKeyId).toBe('ASIA50')
    clock.advance(24 * minute)
    expect((await provider()).accessKeyId).toBe('ASIA50')
    expect(fake.count).toBe(0)
    // 14 minutes left: in the advisory window, refreshed in the background, from the provider.
    clock.advance(2 * minute)
    expect((await provider()).accessKeyId).toBe('ASIA50')
    await flush()
    expect(fake.count).toBe(1)
    expect((await provider()).accessKeyId).toBe('ASIA1')
  })

  it('does not adopt stored credentials of unknown lifetime that are already in the 15-minute advisory window', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const stored = credentialsFor(50, new Date(clock.now() + 12 * minute))
    await store.set(key, toStoredCredentials(stored), { expiresAt: stored.expiration! })
    const fake = createFakeProvider(clock)
    const provider = cached(fake.provider, { key, store, now: clock.now, random: () => 0, crossRequestSafe: false })
    expect((await provider()).accessKeyId).toBe('ASIA1')
    expect(fake.count).toBe(1)
  })

  it('a store that throws never fails a caller: the provider answers and onStoreError hears of it', async () => {
    const down = new Error('ECONNREFUSED')
    const store: CredentialStore = {
      get: async () => { throw down },
      set: async () => { throw down },
      delete: async () => { throw down },
      lock: async () => { throw down },
    }
    const { provider, fake, onStoreError } = setup(store)
    expect((await provider()).accessKeyId).toBe('ASIA1')
    expect(fake.count).toBe(1)
    const operations = onStoreError.mock.calls.map(([error]) => (error as CredentialStoreError).operation)
    expect(operations).toEqual(['get', 'lock', 'set'])
    for (const [error] of onStoreError.mock.calls) {
      expect(error).toBeInstanceOf(CredentialStoreError)
      expect((error as CredentialStoreError).cause).toBe(down)
      expect(inspect(error)).not.toContain(secretOf(1))
    }
  })

  it('reports store failures to onRefreshError when there is no onStoreError', async () => {
    const onRefreshError = vi.fn()
    const store: CredentialStore = { get: async () => { throw new Error('down') }, set: async () => {}, delete: async () => {} }
    const clock = createClock()
    const fake = createFakeProvider(clock)
    await cached(fake.provider, { key, store, now: clock.now, onRefreshError })()
    expect(onRefreshError).toHaveBeenCalledWith(expect.objectContaining({ code: 'ERR_CREDENTIAL_STORE', operation: 'get' }))
  })

  it('treats a stored value that is not credentials as a miss and reports it', async () => {
    const store: CredentialStore = { get: async () => ({ accessKeyId: 'A' }) as never, set: async () => {}, delete: async () => {} }
    const { provider, fake, onStoreError } = setup(store)
    await provider()
    expect(fake.count).toBe(1)
    expect(onStoreError.mock.calls[0]![0]).toMatchObject({ code: 'ERR_CREDENTIAL_STORE', operation: 'get' })
  })

  it('treats stored credentials a request cannot carry as a miss and reports it', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const injected = { ...credentialsFor(9, new Date(clock.now() + hour)), accessKeyId: 'AKID\r\nx-evil: 1' }
    await store.set(key, toStoredCredentials(injected, { issuedAt: clock.now() }), { expiresAt: injected.expiration! })
    const { provider, fake, onStoreError } = setup(store)
    expect((await provider()).accessKeyId).toBe('ASIA1')
    expect(fake.count).toBe(1)
    expect(onStoreError.mock.calls[0]![0]).toMatchObject({ code: 'ERR_CREDENTIAL_STORE', operation: 'get' })
    expect(inspect(onStoreError.mock.calls[0]![0])).not.toContain(secretOf(9))
  })

  it('while another process holds the lock, polls the store and uses what it publishes', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const held = await store.lock!(key, 30_000)
    expect(held).toBeDefined()
    let polls = 0
    const sleep = vi.fn(async () => {
      if (++polls === 3) {
        const published = credentialsFor(77, new Date(clock.now() + hour))
        await store.set(key, toStoredCredentials(published, { issuedAt: clock.now() }), { expiresAt: published.expiration! })
      }
    })
    const { provider, fake } = setup(store, { sleep })
    const credentials = await provider()
    expect(credentials.accessKeyId).toBe('ASIA77')
    expect(fake.count).toBe(0)
    expect(sleep).toHaveBeenCalledTimes(3)
    expect(sleep).toHaveBeenCalledWith(250)
  })

  it('refreshes itself when the lock holder publishes nothing within lockWaitMs (20 polls of 250 ms)', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    await store.lock!(key, 30_000)
    const sleep = vi.fn(async () => {})
    const { provider, fake } = setup(store, { sleep })
    expect((await provider()).accessKeyId).toBe('ASIA1')
    expect(sleep).toHaveBeenCalledTimes(20)
    expect(fake.count).toBe(1)
  })

  it('uses what another process stored between its read and its lock, and lets the lock go', async () => {
    // The race eight processes lost once: each read the store (empty), one refreshed, stored and
    // released, and a slower one then took the free lock. With the lock, the store is read again.
    const clock = createClock()
    const memory = memoryStore({ now: clock.now })
    const published = credentialsFor(88, new Date(clock.now() + hour))
    const store: CredentialStore = {
      ...memory,
      lock: async (name, ttlMs) => {
        await memory.set(key, toStoredCredentials(published, { issuedAt: clock.now() }), { expiresAt: published.expiration! })
        return memory.lock!(name, ttlMs)
      },
    }
    const { provider, fake } = setup(store)
    expect((await provider()).accessKeyId).toBe('ASIA88')
    expect(fake.count).toBe(0)
    expect(await memory.lock!(key, 30_000)).toBeDefined()
  })

  it('with the lock, a forced refresh does not take back the credentials it is replacing', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const { provider, fake } = setup(store)
    const first = await provider()
    expect((await provider({ forceRefresh: true })).accessKeyId).not.toBe(first.accessKeyId)
    expect(fake.count).toBe(2)
  })

  it('two providers sharing a store with locks make one provider call between them', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const fake = createFakeProvider(clock)
    fake.hold()
    const options = { key, store, now: clock.now, random: () => 0, sleep: () => flush() }
    const first = cached(fake.provider, options)
    const second = cached(fake.provider, options)
    const results = Promise.all([first(), second(), first(), second()])
    await flush()
    expect(fake.count).toBe(1)
    fake.resolveNext()
    const credentials = await results
    expect(new Set(credentials.map((item) => item.accessKeyId))).toEqual(new Set(['ASIA1']))
    expect(fake.count).toBe(1)
    // The lock was released: a later forced refresh takes it at once, without polling.
    fake.release()
    expect((await second({ forceRefresh: true })).accessKeyId).toBe('ASIA2')
    expect(fake.count).toBe(2)
  })

  it('forceRefresh skips the store read but writes the result', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const fake = createFakeProvider(clock)
    const provider = cached(fake.provider, { key, store, now: clock.now, random: () => 0 })
    await provider()
    const forced = await provider({ forceRefresh: true })
    expect(forced.accessKeyId).toBe('ASIA2')
    expect((await store.get(key))?.accessKeyId).toBe('ASIA2')
  })

  it('after invalidate, never takes the rejected credentials back from the store', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const fake = createFakeProvider(clock)
    const provider = cached(fake.provider, { key, store, now: clock.now, random: () => 0 })
    const rejected = await provider()
    provider.invalidate(rejected)
    const next = await provider()
    expect(next.accessKeyId).toBe('ASIA2')
    expect(fake.count).toBe(2)
  })

  it('never hands out credentials that expired while the store write was awaited', async () => {
    // A store whose write outlasts the one-minute credentials it is given.
    const clock = createClock()
    const store: CredentialStore = { get: async () => undefined, set: async () => clock.advance(2 * minute), delete: async () => {} }
    const fake = createFakeProvider(clock, minute)
    const provider = cached(fake.provider, { key, store, now: clock.now, random: () => 0 })
    await expect(provider()).rejects.toBeInstanceOf(InvalidCredentialsError)
  })

  it('a store get, lock, set or release that never settles does not cost the caller the refresh', async () => {
    // A custom store over a client that queues commands while it reconnects: each operation hangs
    // in turn. The provider answers; the store is waited for at most storeTimeoutMs (default 5 s)
    // an operation, well within the refresh's own 30 s.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const never = () => new Promise<never>(() => {})
      const memory = memoryStore()
      for (const hanging of ['get', 'lock', 'set', 'release'] as const) {
        const store: CredentialStore = {
          get: hanging === 'get' ? never : async () => undefined,
          set: hanging === 'set' ? never : async () => {},
          delete: async () => {},
          lock: hanging === 'lock' ? never : async (name, ttlMs) => {
            const lock = await memory.lock!(name, ttlMs)
            return hanging === 'release' ? { release: never } : lock
          },
        }
        const { provider, fake, onStoreError } = setup(store)
        const credentials = provider()
        await vi.advanceTimersByTimeAsync(30_000)
        await expect(credentials, hanging).resolves.toMatchObject({ accessKeyId: 'ASIA1' })
        expect(fake.count).toBe(1)
        expect(onStoreError).toHaveBeenCalledWith(expect.objectContaining({ code: 'ERR_CREDENTIAL_STORE', operation: hanging }))
      }
    } finally {
      vi.useRealTimers()
    }
  })

  it('a late invalidate of older credentials does not let the rejected newer ones back from the store', async () => {
    // "Revoke active sessions" on the role: requests signed with the current credentials and with
    // the ones before them are rejected, the older ones' answer arriving last.
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const fake = createFakeProvider(clock)
    const provider = cached(fake.provider, { key, store, now: clock.now, random: () => 0 })
    const older = await provider()
    const current = await provider({ forceRefresh: true }) // stored too
    provider.invalidate(current)
    provider.invalidate(current)
    provider.invalidate(older)
    expect((await provider()).accessKeyId).toBe('ASIA3')
    expect(fake.count).toBe(3)
  })

  it('a failed refresh with a store still serves valid credentials', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const fake = createFakeProvider(clock)
    const onRefreshError = vi.fn()
    const provider = cached(fake.provider, { key, store, now: clock.now, random: () => 0, onRefreshError })
    const first = await provider()
    fake.failWith(new CredkitError('sts down'))
    clock.advance(55 * minute)
    expect(await provider()).toBe(first)
    expect(onRefreshError).toHaveBeenCalledTimes(1)
  })
})
