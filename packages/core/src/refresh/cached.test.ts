import { inspect } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import { CredkitError, InvalidCredentialsError, InvalidRefreshOptionsError } from '../errors.js'
import { createClock, createFakeProvider, credentialsFor, flush, hour, isSettled, minute, secretOf, tokenOf } from '../../test/refresh-fixtures.js'
import { cached, type CachedOptions } from './cached.js'

function setup(options: Partial<CachedOptions> = {}, lifetimeMs = hour) {
  const clock = createClock()
  const fake = createFakeProvider(clock, lifetimeMs)
  const onRefreshError = vi.fn()
  const provider = cached(fake.provider, { now: clock.now, random: () => 0, onRefreshError, crossRequestSafe: false, ...options })
  return { clock, fake, provider, onRefreshError }
}

describe('cached: hits and single flight', () => {
  it('calls the provider once, then answers from the cache', async () => {
    const { fake, provider, clock } = setup()
    const first = await provider()
    clock.advance(30 * minute)
    expect(await provider()).toBe(first)
    expect(fake.count).toBe(1)
  })

  it('makes 1000 concurrent callers share one provider call', async () => {
    const { fake, provider } = setup()
    const results = await Promise.all(Array.from({ length: 1000 }, () => provider()))
    expect(fake.count).toBe(1)
    expect(new Set(results).size).toBe(1)
  })

  it('gives every concurrent caller the same error when the first fetch fails, and retries on the next call', async () => {
    const { fake, provider, onRefreshError } = setup()
    fake.failWith(new CredkitError('sts down'))
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => provider()))
    expect(results.every((result) => result.status === 'rejected' && (result.reason as Error).message === 'sts down')).toBe(true)
    expect(fake.count).toBe(1)
    // Nothing was served from a cache, so the callers saw the error and it is not reported again.
    expect(onRefreshError).not.toHaveBeenCalled()
    fake.succeed()
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'ASIA1' })
    expect(fake.count).toBe(2)
  })
})

describe('cached: errors that retrying cannot fix', () => {
  it('hands a retryable: false error to callers for 1–5 s without calling the provider again', async () => {
    const { fake, provider, clock } = setup({ random: () => 0.5 }) // 3 s
    const denied = Object.assign(new CredkitError('AccessDenied'), { retryable: false })
    fake.failWith(denied)
    await expect(provider()).rejects.toBe(denied)
    clock.advance(2_999)
    await expect(provider()).rejects.toBe(denied)
    expect(fake.count).toBe(1)
    fake.succeed()
    await expect(provider({ forceRefresh: true })).resolves.toMatchObject({ accessKeyId: 'ASIA1' })
    expect(fake.count).toBe(2)
  })

  it('asks the provider again once the 1–5 s are over (random → 1: 5 s)', async () => {
    const { fake, provider, clock } = setup({ random: () => 0.999_999 })
    const denied = Object.assign(new CredkitError('AccessDenied'), { retryable: false })
    fake.failWith(denied)
    await expect(provider()).rejects.toBe(denied)
    clock.advance(4_999)
    await expect(provider()).rejects.toBe(denied)
    fake.succeed()
    clock.advance(1)
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'ASIA1' })
    expect(fake.count).toBe(2)
  })

  it('retries at once after a retryable error, and after the failure cache expires', async () => {
    const { fake, provider, clock } = setup({ random: () => 0 }) // 1 s
    fake.failWith(Object.assign(new CredkitError('Throttling'), { retryable: true }))
    await expect(provider()).rejects.toThrow('Throttling')
    await expect(provider()).rejects.toThrow('Throttling')
    expect(fake.count).toBe(2)
    fake.failWith(Object.assign(new CredkitError('AccessDenied'), { retryable: false }))
    await expect(provider()).rejects.toThrow('AccessDenied')
    clock.advance(1_000)
    fake.succeed()
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'ASIA1' })
    expect(fake.count).toBe(4)
  })

  it('caches a provider returning unusable credentials the same way, and invalidate clears it', async () => {
    const clock = createClock()
    const provider = vi.fn(async () => credentialsFor(1, new Date(clock.now() - 1)))
    const cache = cached(provider, { now: clock.now, random: () => 0 })
    await expect(cache()).rejects.toBeInstanceOf(InvalidCredentialsError)
    await expect(cache()).rejects.toBeInstanceOf(InvalidCredentialsError)
    expect(provider).toHaveBeenCalledTimes(1)
    cache.invalidate()
    await expect(cache()).rejects.toBeInstanceOf(InvalidCredentialsError)
    expect(provider).toHaveBeenCalledTimes(2)
  })
})

describe('cached: advisory window (15 min before a 1 h session ends)', () => {
  it('refreshes in the background while callers get the current credentials at once', async () => {
    const { fake, provider, clock } = setup()
    const first = await provider()
    clock.advance(45 * minute) // exactly 15 min left
    fake.hold()
    const during = Array.from({ length: 100 }, () => provider())
    // The provider has not answered and never will until told to, yet every caller resolves.
    expect(await Promise.all(during)).toEqual(Array.from({ length: 100 }, () => first))
    expect(fake.count).toBe(2)
    fake.resolveNext()
    await flush()
    expect((await provider()).accessKeyId).toBe('ASIA2')
    expect(fake.count).toBe(2)
  })

  it('does not refresh a moment before the window', async () => {
    const { fake, provider, clock } = setup()
    await provider()
    clock.advance(45 * minute - 1)
    await provider()
    expect(fake.count).toBe(1)
  })

  it('jitter shrinks the advisory window by up to a fifth (random → 1: about 12 min)', async () => {
    const { fake, provider, clock } = setup({ random: () => 0.999_999 })
    await provider()
    clock.advance(47 * minute + 59_000) // 12 min 1 s left
    await provider()
    expect(fake.count).toBe(1)
    clock.advance(1_000)
    await provider()
    await flush()
    expect(fake.count).toBe(2)
  })

  it('never lets jitter move the advisory window inside the mandatory one', async () => {
    // 11 min shrunk by up to a fifth would be 8.8 min, after the 10 min mandatory window begins.
    const { fake, provider, clock } = setup({ random: () => 0.999_999, advisoryWindowMs: 11 * minute, mandatoryWindowMs: 10 * minute })
    const first = await provider()
    clock.advance(50 * minute + 30_000) // 9.5 min left: callers wait for fresh credentials
    expect(await provider()).not.toBe(first)
    expect(fake.count).toBe(2)
  })

  it('after a failed background refresh, backs off 300–600 s and reports the error without failing anyone', async () => {
    // A 30 min advisory window (jitter 0.5 → 27 min) leaves room for the whole 450 s backoff; with
    // the default 15/10 min windows the backoff always ends at the mandatory window instead.
    const { fake, provider, clock, onRefreshError } = setup({ random: () => 0.5, advisoryWindowMs: 30 * minute, mandatoryWindowMs: 10 * minute })
    const first = await provider()
    const failure = new CredkitError('throttled')
    fake.failWith(failure)
    clock.advance(35 * minute) // 25 min left
    expect(await provider()).toBe(first)
    await flush()
    expect(fake.count).toBe(2)
    expect(onRefreshError).toHaveBeenCalledWith(failure)
    clock.advance(449_000)
    expect(await provider()).toBe(first)
    await flush()
    expect(fake.count).toBe(2)
    clock.advance(1_000)
    expect(await provider()).toBe(first)
    await flush()
    expect(fake.count).toBe(3)
    expect(onRefreshError).toHaveBeenCalledTimes(2)
  })

  it('never backs off past the start of the mandatory window', async () => {
    const { fake, provider, clock } = setup({ random: () => 0.999_999 }) // backoff ~600 s
    const first = await provider()
    fake.failWith(new CredkitError('throttled'))
    clock.advance(49 * minute) // 11 min left: 600 s would end 1 min before expiry
    expect(await provider()).toBe(first)
    await flush()
    expect(fake.count).toBe(2)
    clock.advance(minute - 1) // still advisory, still backing off
    await provider()
    await flush()
    expect(fake.count).toBe(2)
    fake.succeed()
    clock.advance(1) // mandatory window starts (10 min left): the backoff is over
    expect((await provider()).accessKeyId).toBe('ASIA2') // the failed call issued nothing
    expect(fake.count).toBe(3)
  })
})

describe('cached: mandatory window (10 min before a 1 h session ends)', () => {
  it('makes callers wait for the refresh, with one provider call', async () => {
    const { fake, provider, clock } = setup()
    await provider()
    clock.advance(50 * minute)
    fake.hold()
    const waiting = Array.from({ length: 100 }, () => provider())
    expect(await isSettled(Promise.race(waiting))).toBe(false)
    expect(fake.count).toBe(2)
    fake.resolveNext()
    const results = await Promise.all(waiting)
    expect(results.every((credentials) => credentials.accessKeyId === 'ASIA2')).toBe(true)
  })

  it('joins a background refresh already in flight instead of starting another', async () => {
    const { fake, provider, clock } = setup()
    await provider()
    clock.advance(46 * minute)
    fake.hold()
    await provider() // starts the background refresh
    clock.advance(5 * minute)
    const waiting = provider()
    expect(fake.count).toBe(2)
    fake.resolveNext()
    expect((await waiting).accessKeyId).toBe('ASIA2')
  })

  it('returns the still-valid credentials when the refresh fails, reports it, and retries after half the time left', async () => {
    const { fake, provider, clock, onRefreshError } = setup()
    const first = await provider()
    const failure = new CredkitError('sts down')
    fake.failWith(failure)
    clock.advance(52 * minute) // 8 min left
    expect(await provider()).toBe(first)
    expect(onRefreshError).toHaveBeenCalledTimes(1)
    expect(onRefreshError).toHaveBeenCalledWith(failure)
    expect(fake.count).toBe(2)
    // backoff min(300 s, 8 min / 2 = 240 s) = 240 s
    clock.advance(239_000)
    expect(await provider()).toBe(first)
    expect(fake.count).toBe(2)
    clock.advance(1_000)
    expect(await provider()).toBe(first)
    expect(fake.count).toBe(3)
  })

  it('in the last seconds, retries at most once a second', async () => {
    const { fake, provider, clock } = setup()
    const first = await provider()
    fake.failWith(new CredkitError('sts down'))
    clock.advance(hour - 1_500) // 1.5 s left: half of it would be 750 ms
    expect(await provider()).toBe(first)
    clock.advance(999)
    expect(await provider()).toBe(first)
    expect(fake.count).toBe(2)
    clock.advance(1)
    expect(await provider()).toBe(first)
    expect(fake.count).toBe(3)
  })

  it('never returns expired credentials: once they expire, a failing refresh fails the caller', async () => {
    const { fake, provider, clock } = setup()
    await provider()
    fake.failWith(new CredkitError('sts down'))
    clock.advance(hour - 1)
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'ASIA1' })
    clock.advance(1)
    await expect(provider()).rejects.toThrow('sts down')
    clock.advance(10 * hour)
    await expect(provider()).rejects.toThrow('sts down')
  })

  it('scales the windows down for a 15 min session: advisory 5 min, mandatory 1 min', async () => {
    const { fake, provider, clock } = setup({}, 15 * minute)
    await provider()
    clock.advance(10 * minute - 1)
    await provider()
    expect(fake.count).toBe(1)
    fake.hold()
    clock.advance(1) // 5 min left: background
    await provider()
    expect(fake.count).toBe(2)
    clock.advance(4 * minute - 1) // 1 min + 1 ms left: still served at once
    expect(await isSettled(provider())).toBe(true)
    clock.advance(1) // 1 min left: callers wait (for the refresh already in flight)
    const waiting = provider()
    expect(await isSettled(waiting)).toBe(false)
    fake.resolveNext()
    expect((await waiting).accessKeyId).toBe('ASIA2')
    expect(fake.count).toBe(2)
  })

  it('honours fixed windows', async () => {
    const { fake, provider, clock } = setup({ advisoryWindowMs: 2 * minute, mandatoryWindowMs: 30_000 })
    await provider()
    clock.advance(hour - 2 * minute - 1)
    await provider()
    expect(fake.count).toBe(1)
    clock.advance(1)
    await provider()
    expect(fake.count).toBe(2)
  })
})

describe('cached: what the provider returns', () => {
  it('rejects already-expired credentials with an InvalidCredentialsError that names no secret', async () => {
    const clock = createClock()
    const provider = cached(async () => credentialsFor(7, new Date(clock.now())), { now: clock.now })
    const error = await provider().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidCredentialsError)
    expect((error as InvalidCredentialsError).code).toBe('ERR_INVALID_CREDENTIALS')
    expect(inspect(error)).not.toContain(secretOf(7))
    expect(inspect(error)).not.toContain(tokenOf(7))
  })

  it('rejects credentials without a secret, and an expiration that is not a date', async () => {
    await expect(cached(async () => ({ accessKeyId: 'A', secretAccessKey: '' }))()).rejects.toBeInstanceOf(InvalidCredentialsError)
    const badDate = { accessKeyId: 'A', secretAccessKey: 'S', expiration: new Date(Number.NaN) }
    await expect(cached(async () => badDate)()).rejects.toBeInstanceOf(InvalidCredentialsError)
  })

  it('keeps credentials without an expiration for ever, until forceRefresh', async () => {
    const clock = createClock()
    let serial = 0
    const provider = vi.fn(async () => credentialsFor(++serial))
    const cache = cached(provider, { now: clock.now })
    const first = await cache()
    clock.advance(10 * 365 * 24 * hour)
    expect(await cache()).toBe(first)
    expect(provider).toHaveBeenCalledTimes(1)
    expect((await cache({ forceRefresh: true })).accessKeyId).toBe('ASIA2')
    expect(provider).toHaveBeenLastCalledWith({ forceRefresh: true })
  })
})

describe('cached: forceRefresh and invalidate', () => {
  it('forceRefresh bypasses a valid cache and is single-flight', async () => {
    const { fake, provider } = setup()
    await provider()
    const forced = await Promise.all(Array.from({ length: 100 }, () => provider({ forceRefresh: true })))
    expect(fake.count).toBe(2)
    expect(fake.calls[1]).toEqual({ forceRefresh: true })
    expect(new Set(forced.map((credentials) => credentials.accessKeyId))).toEqual(new Set(['ASIA2']))
    expect((await provider()).accessKeyId).toBe('ASIA2')
  })

  it('a forced refresh does not join an ordinary one already in flight, and the older result does not win', async () => {
    const { fake, provider, clock } = setup()
    await provider()
    clock.advance(50 * minute)
    fake.hold()
    const ordinary = provider()
    const forced = provider({ forceRefresh: true })
    expect(fake.count).toBe(3)
    const [ordinaryCall, forcedCall] = fake.pending
    forcedCall!.resolve(credentialsFor(30, new Date(clock.now() + hour)))
    expect((await forced).accessKeyId).toBe('ASIA30')
    ordinaryCall!.resolve(credentialsFor(20, new Date(clock.now() + hour)))
    expect((await ordinary).accessKeyId).toBe('ASIA20')
    expect((await provider()).accessKeyId).toBe('ASIA30')
  })

  it('a failed forced refresh fails the forced caller but not ordinary ones', async () => {
    const { fake, provider } = setup()
    const first = await provider()
    fake.failWith(new CredkitError('denied'))
    await expect(provider({ forceRefresh: true })).rejects.toThrow('denied')
    expect(await provider()).toBe(first)
  })

  it('invalidate(rejected) drops the cached credentials only when they are the rejected ones', async () => {
    const { fake, provider } = setup()
    const first = await provider()
    provider.invalidate(credentialsFor(99))
    expect(await provider()).toBe(first)
    expect(fake.count).toBe(1)
    provider.invalidate({ ...first })
    const second = await provider()
    expect(second.accessKeyId).toBe('ASIA2')
    expect(fake.count).toBe(2)
    // A late report about the first credentials does not drop the second.
    provider.invalidate(first)
    expect(await provider()).toBe(second)
    provider.invalidate()
    expect((await provider()).accessKeyId).toBe('ASIA3')
  })
})

describe('cached: options and safety', () => {
  it('refuses options that cannot work', () => {
    const provider = async () => credentialsFor(1)
    expect(() => cached(provider, { advisoryWindowMs: minute, mandatoryWindowMs: 2 * minute })).toThrow(InvalidRefreshOptionsError)
    expect(() => cached(provider, { advisoryWindowMs: -1 })).toThrow(InvalidRefreshOptionsError)
    expect(() => cached(provider, { jitter: 1 })).toThrow(InvalidRefreshOptionsError)
    expect(() => cached(provider, { failureBackoffMs: { min: 10, max: 5 } })).toThrow(InvalidRefreshOptionsError)
    expect(() => cached(provider, { failureCacheMs: { min: 0, max: Infinity } })).toThrow(InvalidRefreshOptionsError)
    expect(() => cached(provider, { lockTtlMs: Number.NaN })).toThrow(/lockTtlMs/)
    expect(() => cached(provider, { jitter: -0.1 })).toThrow(/jitter/)
    // A JavaScript caller's mistakes: not coerced, not half-checked.
    const loose = (options: object) => () => cached(provider, options as CachedOptions)
    expect(loose({ failureBackoffMs: 5000 })).toThrow(/failureBackoffMs 5000/)
    expect(loose({ failureBackoffMs: { min: 5 } })).toThrow(/failureBackoffMs/)
    expect(loose({ failureCacheMs: { max: 10 } })).toThrow(/failureCacheMs/)
    expect(loose({ failureBackoffMs: null })).toThrow(/failureBackoffMs/)
    expect(loose({ advisoryWindowMs: '60000' })).toThrow(/advisoryWindowMs 60000/)
    expect(loose({ lockPollMs: Infinity })).toThrow(/lockPollMs/)
    expect(loose({ jitter: '0.1' })).toThrow(/jitter/)
    expect(() => cached(provider, { store: { get: async () => undefined, set: async () => {}, delete: async () => {} } })).toThrow(
      InvalidRefreshOptionsError,
    )
  })

  it('gives up a refresh that never settles after lockTtlMs: serves what is valid, then starts afresh', async () => {
    const { fake, provider, clock, onRefreshError } = setup({ lockTtlMs: 30 })
    const first = await provider()
    fake.hold() // the provider never answers from here on
    clock.advance(52 * minute)
    // Mandatory window: the caller waits for the refresh, which is given up; the valid ones come back.
    expect(await provider()).toBe(first)
    expect(onRefreshError.mock.calls[0]![0]).toMatchObject({ code: 'ERR_TIMEOUT' })
    // Expired: the caller gets the timeout rather than waiting for ever.
    clock.advance(9 * minute)
    await expect(provider()).rejects.toMatchObject({ code: 'ERR_TIMEOUT' })
    // The provider answers again: the next call refreshes, it does not join the stuck flight.
    fake.release()
    expect((await provider()).accessKeyId).not.toBe(first.accessKeyId)
    await expect(provider({ forceRefresh: true })).resolves.toBeDefined()
  })

  it('a throwing waitUntil does not fail a caller served valid credentials', async () => {
    const { provider, clock } = setup({
      waitUntil: () => {
        throw new Error('no context')
      },
    })
    const first = await provider()
    clock.advance(46 * minute)
    expect(await provider()).toBe(first)
  })

  it('refuses options a message cannot even show with a typed error', () => {
    const provider = async () => credentialsFor(1)
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(() => cached(provider, { failureBackoffMs: { min: 1n, max: 2n } as never })).toThrow(InvalidRefreshOptionsError)
    expect(() => cached(provider, { failureCacheMs: circular as never })).toThrow(InvalidRefreshOptionsError)
    expect(() => cached(provider, { lockTtlMs: Symbol('t') as never })).toThrow(InvalidRefreshOptionsError)
  })

  it('a throwing onRefreshError does not fail callers', async () => {
    const { fake, provider, clock } = setup({ onRefreshError: () => { throw new Error('logger broke') } })
    const first = await provider()
    fake.failWith(new CredkitError('sts down'))
    clock.advance(55 * minute)
    expect(await provider()).toBe(first)
  })

  it('an async onRefreshError or waitUntil that rejects leaves no unhandled rejection (which ends a Node process)', async () => {
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    try {
      const { fake, provider, clock } = setup({
        onRefreshError: async () => { throw new Error('logger unreachable') },
        waitUntil: () => Promise.reject(new Error('no context')),
      })
      const first = await provider()
      fake.failWith(new CredkitError('sts down'))
      clock.advance(46 * minute) // advisory: a background refresh, handed to waitUntil, fails
      expect(await provider()).toBe(first)
      await flush()
      await flush()
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off('unhandledRejection', unhandled)
    }
  })

  it('shows no secret through util.inspect, JSON.stringify or toString of the provider', async () => {
    const { provider } = setup()
    await provider()
    for (const shown of [inspect(provider, { showHidden: true, depth: 10 }), String(provider), JSON.stringify({ provider })]) {
      expect(shown).not.toContain(secretOf(1))
      expect(shown).not.toContain(tokenOf(1))
    }
  })
})

describe('cached: cross-request safety (Cloudflare Workers)', () => {
  it('shares a refresh only between callers of the same request scope', async () => {
    let scope = 'request-1'
    const { fake, provider } = setup({ crossRequestSafe: true, requestScope: () => scope })
    fake.hold()
    const a1 = provider()
    const a2 = provider()
    scope = 'request-2'
    const b1 = provider()
    expect(fake.count).toBe(2)
    fake.resolveNext()
    fake.resolveNext()
    expect(await a1).toBe(await a2)
    expect((await b1).accessKeyId).toBe('ASIA2')
  })

  it('without a request scope, every caller that has to wait refreshes on its own', async () => {
    const { fake, provider } = setup({ crossRequestSafe: true })
    await Promise.all([provider(), provider(), provider()])
    expect(fake.count).toBe(3)
  })

  it('starts one background refresh, hands it to waitUntil, and serves plain values to every request', async () => {
    const waitUntil = vi.fn()
    const { fake, provider, clock } = setup({ crossRequestSafe: true, waitUntil })
    const first = await provider()
    clock.advance(46 * minute)
    fake.hold()
    expect(await Promise.all([provider(), provider()])).toEqual([first, first])
    expect(fake.count).toBe(2)
    expect(waitUntil).toHaveBeenCalledTimes(1)
    fake.resolveNext()
    await waitUntil.mock.calls[0]![0]
    expect((await provider()).accessKeyId).toBe('ASIA2')
  })

  it('a background refresh that never settles (its request ended) stops holding back new ones after the lock TTL', async () => {
    const { fake, provider, clock } = setup({ crossRequestSafe: true, lockTtlMs: 30_000 })
    await provider()
    clock.advance(46 * minute)
    fake.hold()
    await provider()
    clock.advance(29_999)
    await provider()
    expect(fake.count).toBe(2)
    clock.advance(1)
    await provider()
    expect(fake.count).toBe(3)
  })

  it('detects Workers by navigator.userAgent', async () => {
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' })
    try {
      const clock = createClock()
      const fake = createFakeProvider(clock)
      const provider = cached(fake.provider, { now: clock.now })
      await Promise.all([provider(), provider()])
      expect(fake.count).toBe(2)
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
