import { describe, expect, it } from 'vitest'
import { memoryStore } from '../stores/memory-store.js'
import { createClock, createFakeProvider, flush, hour, isSettled, minute } from '../../test/refresh-fixtures.js'
import { cached } from './cached.js'

const callers = 10_000
const all = <T>(call: () => Promise<T>) => Promise.all(Array.from({ length: callers }, call))

describe('cached under load: 10,000 concurrent callers', () => {
  it('across advisory and mandatory boundaries: one provider call per refresh, and no waiting while credentials are valid', async () => {
    const clock = createClock()
    const fake = createFakeProvider(clock, hour)
    const provider = cached(fake.provider, { now: clock.now, random: () => 0, crossRequestSafe: false })

    // Cold start: everyone waits for one call.
    let current = (await all(() => provider()))[0]!
    expect(fake.count).toBe(1)

    for (let cycle = 1; cycle <= 3; cycle++) {
      const issuedAt = current.expiration!.getTime() - hour

      clock.set(issuedAt + 30 * minute)
      expect(new Set(await all(() => provider()))).toEqual(new Set([current]))
      expect(fake.count).toBe(cycle)

      // Advisory window with a provider that has not answered: every caller still resolves at once.
      clock.set(issuedAt + 46 * minute)
      fake.hold()
      expect(new Set(await all(() => provider()))).toEqual(new Set([current]))
      expect(fake.count).toBe(cycle + 1)
      fake.release()
      fake.resolveNext()
      await flush()
      const next = await provider()
      expect(next).not.toBe(current)
      expect(fake.count).toBe(cycle + 1)
      current = next
    }

    // Mandatory window: callers wait, and share one call.
    const issuedAt = current.expiration!.getTime() - hour
    clock.set(issuedAt + 51 * minute)
    fake.hold()
    const waiting = all(() => provider())
    expect(await isSettled(waiting)).toBe(false)
    expect(fake.count).toBe(5)
    fake.resolveNext()
    const results = new Set(await waiting)
    expect(results.size).toBe(1)
    expect([...results][0]).not.toBe(current)
    expect(fake.count).toBe(5)
  })

  it('across an expiry with no refresh before it: one call, and no caller gets the expired credentials', async () => {
    const clock = createClock()
    const fake = createFakeProvider(clock, hour)
    const provider = cached(fake.provider, { now: clock.now, random: () => 0, crossRequestSafe: false })
    const first = await provider()
    clock.set(first.expiration!.getTime())
    const results = await all(() => provider())
    expect(fake.count).toBe(2)
    expect(results.every((credentials) => credentials !== first && credentials.expiration!.getTime() > clock.now())).toBe(true)
  })

  it('ten providers sharing a locked store make one provider call for 10,000 callers', async () => {
    const clock = createClock()
    const store = memoryStore({ now: clock.now })
    const fake = createFakeProvider(clock, hour)
    fake.hold()
    const providers = Array.from({ length: 10 }, () =>
      cached(fake.provider, { key: 'role', store, now: clock.now, random: () => 0, crossRequestSafe: false, sleep: () => flush() }),
    )
    const pending = Promise.all(Array.from({ length: callers }, (_, index) => providers[index % providers.length]!()))
    await flush()
    fake.resolveNext()
    const results = await pending
    expect(fake.count).toBe(1)
    expect(new Set(results.map((credentials) => credentials.accessKeyId))).toEqual(new Set(['ASIA1']))
  })
})
