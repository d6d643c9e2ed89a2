import { describe, expect, it } from 'vitest'
import { NoAnswer, requestWithRetries } from './request-with-retries.js'

describe('requestWithRetries', () => {
  it('a request fetch cannot build is NoAnswer "unsendable" at once: not retried, not quoting the value', async () => {
    let calls = 0
    // The real fetch, counted: it refuses the header before opening any connection.
    const countingFetch = ((input: URL | RequestInfo, init?: RequestInit) => {
      calls++
      return fetch(input, init)
    }) as typeof fetch
    const error = await requestWithRetries(
      new URL('http://127.0.0.1:1/credentials'),
      { method: 'GET', headers: { authorization: 'secret-token\0' } },
      { fetch: countingFetch, timeoutMs: 1000, maxAttempts: 3, baseDelayMs: 1 },
    ).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(NoAnswer)
    expect((error as NoAnswer).kind).toBe('unsendable')
    expect((error as NoAnswer).cause).toBeUndefined()
    expect((error as Error).message).not.toContain('secret-token')
    expect(calls).toBe(0)
  })
})
