/**
 * The README's defaults for `cached` that tests only ever passed as options: a refresh is given up
 * after `lockTtlMs` (30 s) and a store operation after `storeTimeoutMs` (5 s). And "credentials
 * without an expiration are kept until forceRefresh or invalidate", whose invalidate half had no
 * test.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AttemptTimeoutError, CredentialStoreError, cached, type CredentialStore } from '../src/index.js'
import { createClock, createFakeProvider, credentialsFor, hour, isSettled, minute } from './refresh-fixtures.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('README: cached’s time limits by default', () => {
  it('a refresh that has not settled after 30 s is given up with an AttemptTimeoutError; the valid credentials are served', async () => {
    const clock = createClock()
    const fake = createFakeProvider(clock)
    const onRefreshError = vi.fn()
    const provider = cached(fake.provider, { now: clock.now, random: () => 0, onRefreshError, crossRequestSafe: false })
    const first = await provider()
    fake.hold()
    clock.advance(52 * minute) // the mandatory window: callers wait for the refresh
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const waiting = provider()
    await vi.advanceTimersByTimeAsync(29_990)
    expect(await isSettled(waiting)).toBe(false)
    await vi.advanceTimersByTimeAsync(20)
    expect(await isSettled(waiting)).toBe(true)
    expect(await waiting).toBe(first)
    expect(onRefreshError).toHaveBeenCalledWith(expect.any(AttemptTimeoutError))
  })

  it('a store operation that has not settled after 5 s is given up: the provider answers and onStoreError hears of it', async () => {
    const clock = createClock()
    const fake = createFakeProvider(clock)
    const onStoreError = vi.fn()
    const store: CredentialStore = { get: () => new Promise(() => {}), set: async () => {}, delete: async () => {} }
    const provider = cached(fake.provider, { key: 'k', store, now: clock.now, random: () => 0, onStoreError, crossRequestSafe: false })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const waiting = provider()
    await vi.advanceTimersByTimeAsync(4_990)
    expect(fake.count).toBe(0)
    await vi.advanceTimersByTimeAsync(20)
    expect(await isSettled(waiting)).toBe(true)
    expect((await waiting).accessKeyId).toBe('ASIA1')
    expect(onStoreError).toHaveBeenCalledWith(expect.any(CredentialStoreError))
    expect(onStoreError.mock.calls[0]![0]).toMatchObject({ operation: 'get' })
  })
})

describe('README: credentials without an expiration', () => {
  it('are kept until invalidate drops them', async () => {
    const clock = createClock()
    let serial = 0
    const source = vi.fn(async () => credentialsFor(++serial))
    const provider = cached(source, { now: clock.now })
    const first = await provider()
    clock.advance(10 * 365 * 24 * hour)
    expect(await provider()).toBe(first)
    provider.invalidate(first)
    expect((await provider()).accessKeyId).toBe('ASIA2')
    expect(source).toHaveBeenCalledTimes(2)
  })
})
