import { describe, expect, it } from 'vitest'
import { InvalidSigningInputError } from '../errors.js'
import { AttemptTimeoutError, NetworkError, checkRetryOptions, withRetries, type RetryOptions } from './retry.js'

const retryable = () => Object.assign(new Error('busy'), { retryable: true })

function recorder() {
  const waits: number[] = []
  return { waits, sleep: async (milliseconds: number) => void waits.push(milliseconds) }
}

describe('withRetries', () => {
  it('retries retryable failures with capped exponential backoff and full jitter', async () => {
    const { waits, sleep } = recorder()
    let calls = 0
    const result = await withRetries(
      async () => {
        if (++calls < 5) throw retryable()
        return 'done'
      },
      { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 500 },
      { sleep, random: () => 0.5 },
    )
    expect(result).toBe('done')
    expect(waits).toEqual([50, 100, 200, 250]) // 0.5 × min(500, 100·2ⁿ)
  })

  it("waits at least what the error's retryAfterMs asks (a server's Retry-After), never longer than maxDelayMs", async () => {
    const { waits, sleep } = recorder()
    const hints = [3_000, 60_000, Number.NaN, -5_000, undefined]
    let calls = 0
    await withRetries(
      async () => {
        if (calls < hints.length) throw Object.assign(retryable(), { retryAfterMs: hints[calls++] })
        return 'done'
      },
      { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 20_000 },
      { sleep, random: () => 0.5 },
    )
    // 3 s as asked; 20 s at most; an unreadable or past hint leaves the backoff (0.5 × 100·2ⁿ).
    expect(waits).toEqual([3_000, 20_000, 200, 400, 800])
  })

  it('gives up after maxAttempts with the last error', async () => {
    const { sleep } = recorder()
    let calls = 0
    const failure = await withRetries(
      async () => {
        calls++
        throw new NetworkError(`refused ${calls}`)
      },
      { maxAttempts: 3 },
      { sleep },
    ).catch((error) => error)
    expect(calls).toBe(3)
    expect(failure).toBeInstanceOf(NetworkError)
    expect(failure.message).toBe('refused 3')
  })

  it.each([
    ['maxAttempts', Number.NaN],
    ['maxAttempts', 0],
    ['maxAttempts', -1],
    ['maxAttempts', Infinity],
    ['maxAttempts', Symbol('3')],
    ['baseDelayMs', Symbol('100')],
    ['baseDelayMs', -1],
    ['maxDelayMs', '20'],
    ['attemptTimeoutMs', Infinity],
    ['attemptTimeoutMs', 2 ** 31],
    ['attemptTimeoutMs', Number.NaN],
    ['attemptTimeoutMs', -5],
    ['attemptTimeoutMs', 0],
    ['attemptTimeoutMs', 'abc'],
  ])('refuses %s: %s, with an InvalidSigningInputError naming it, before any attempt', async (name, value) => {
    let calls = 0
    const failure = await withRetries(async () => void calls++, { [name]: value } as RetryOptions).catch((error) => error)
    expect(failure).toBeInstanceOf(InvalidSigningInputError)
    expect(failure.message).toBe(`retry.${name}: not a number from ${name == 'maxAttempts' || name == 'attemptTimeoutMs' ? 1 : 0} to 2147483647`)
    expect(calls).toBe(0)
  })

  it('takes the longest delay setTimeout allows, and null or missing options as the defaults', async () => {
    expect(await withRetries(async () => 'done', { attemptTimeoutMs: 2 ** 31 - 1, maxAttempts: 1, baseDelayMs: 0 })).toBe('done')
    expect(await withRetries(async () => 'done', null as never)).toBe('done')
    expect(() => checkRetryOptions(5 as never)).toThrow(InvalidSigningInputError)
  })

  it('refuses a signal that is not an AbortSignal', async () => {
    await expect(withRetries(async () => 'done', {}, { signal: 'abc' as never })).rejects.toThrow(
      new InvalidSigningInputError('signal: not an AbortSignal'),
    )
  })

  it('does not retry an error that is not retryable', async () => {
    let calls = 0
    const failure = new Error('AccessDenied')
    await expect(
      withRetries(async () => {
        calls++
        throw failure
      }),
    ).rejects.toBe(failure)
    expect(calls).toBe(1)
  })

  it('cuts off an attempt that hangs, and retries it', async () => {
    let calls = 0
    const result = await withRetries(
      async ({ signal }) => {
        calls++
        if (calls === 1) return new Promise<string>(() => {}) // never settles, ignores the signal
        expect(signal.aborted).toBe(false)
        return 'second'
      },
      { attemptTimeoutMs: 20, baseDelayMs: 1 },
    )
    expect(result).toBe('second')
    expect(calls).toBe(2)
  })

  it('reports a timeout as a TimeoutError once attempts run out', async () => {
    const failure = await withRetries<never>(() => new Promise(() => {}), { attemptTimeoutMs: 10, maxAttempts: 1 }).catch(
      (e: unknown) => e as Error,
    )
    expect(failure).toBeInstanceOf(AttemptTimeoutError)
    expect(failure.name).toBe('TimeoutError')
  })

  it("stops at once when the caller's signal aborts, mid-attempt or mid-wait, with its reason", async () => {
    const controller = new AbortController()
    const reason = new Error('user cancelled')
    const pending = withRetries(() => new Promise(() => {}), { attemptTimeoutMs: 60_000 }, { signal: controller.signal })
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)

    const waiting = new AbortController()
    let calls = 0
    const duringWait = withRetries(
      async () => {
        calls++
        queueMicrotask(() => waiting.abort(reason))
        throw retryable()
      },
      { baseDelayMs: 60_000 },
      { signal: waiting.signal, random: () => 1 },
    )
    await expect(duringWait).rejects.toBe(reason)
    expect(calls).toBe(1)
  })

  it('never starts when the signal is already aborted', async () => {
    let calls = 0
    await expect(
      withRetries(async () => void calls++, {}, { signal: AbortSignal.abort(new Error('no')) }),
    ).rejects.toThrow('no')
    expect(calls).toBe(0)
  })
})
