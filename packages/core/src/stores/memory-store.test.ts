import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { InvalidRefreshOptionsError } from '../errors.js'
import { createClock, credentialsFor, hour, secretOf } from '../../test/refresh-fixtures.js'
import { memoryStore } from './memory-store.js'
import { toStoredCredentials } from './stored-credentials.js'

const stored = (serial: number, expiration: Date) => toStoredCredentials(credentialsFor(serial, expiration))

describe('memoryStore', () => {
  it('returns what was set until expiresAt, then nothing', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const expiresAt = new Date(clock.now() + hour)
    await store.set('a', stored(1, expiresAt), { expiresAt })
    expect((await store.get('a'))?.accessKeyId).toBe('ASIA1')
    clock.advance(hour)
    expect(await store.get('a')).toBeUndefined()
  })

  it('drops the least recently used key beyond maxEntries', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now, maxEntries: 2 })
    const expiresAt = new Date(clock.now() + hour)
    await store.set('a', stored(1, expiresAt), { expiresAt })
    await store.set('b', stored(2, expiresAt), { expiresAt })
    await store.get('a')
    await store.set('c', stored(3, expiresAt), { expiresAt })
    expect(await store.get('b')).toBeUndefined()
    expect((await store.get('a'))?.accessKeyId).toBe('ASIA1')
    expect((await store.get('c'))?.accessKeyId).toBe('ASIA3')
    await store.delete('a')
    expect(await store.get('a')).toBeUndefined()
  })

  it('lends a lock to one holder at a time, until released or its TTL passes', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const first = await store.lock!('a', 1_000)
    expect(first).toBeDefined()
    expect(await store.lock!('a', 1_000)).toBeUndefined()
    expect(await store.lock!('b', 1_000)).toBeDefined()
    await first!.release()
    const second = await store.lock!('a', 1_000)
    expect(second).toBeDefined()
    clock.advance(1_000)
    const third = await store.lock!('a', 1_000)
    expect(third).toBeDefined()
    // A holder whose TTL ran out cannot release the next holder's lock.
    await second!.release()
    expect(await store.lock!('a', 1_000)).toBeUndefined()
  })

  it('shows no secret when inspected', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const expiresAt = new Date(clock.now() + hour)
    await store.set('a', stored(1, expiresAt), { expiresAt })
    expect(inspect(store, { depth: 10, showHidden: true })).not.toContain(secretOf(1))
    expect(inspect(await store.get('a'))).not.toContain(secretOf(1))
  })

  it('keeps 100 keys by default', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const expiresAt = new Date(clock.now() + hour)
    for (let index = 1; index <= 100; index++) await store.set(`key${index}`, stored(index, expiresAt), { expiresAt })
    expect((await store.get('key1'))?.accessKeyId).toBe('ASIA1')
    await store.set('key101', stored(101, expiresAt), { expiresAt })
    // Reading key1 left key2 the least recently used.
    expect(await store.get('key2')).toBeUndefined()
    expect((await store.get('key1'))?.accessKeyId).toBe('ASIA1')
  })

  it('refuses a maxEntries that is not a positive integer', () => {
    expect(() => memoryStore({ maxEntries: 0 })).toThrow(InvalidRefreshOptionsError)
  })
})
