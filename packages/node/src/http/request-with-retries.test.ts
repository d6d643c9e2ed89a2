import { describe, expect, it } from 'vitest'
import { maxBodyBytes, NoAnswer, requestWithRetries } from './request-with-retries.js'

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

  it('reads a body of exactly 64 KiB; one byte more is NoAnswer "tooLarge", not retried', async () => {
    expect(maxBodyBytes).toBe(64 * 1024)
    let calls = 0
    const answering = (size: number) =>
      (async () => {
        calls++
        return new Response('x'.repeat(size))
      }) as typeof fetch
    const url = new URL('http://127.0.0.1:1/credentials')
    const options = { timeoutMs: 1000, maxAttempts: 3, baseDelayMs: 1 }
    expect((await requestWithRetries(url, {}, { ...options, fetch: answering(maxBodyBytes) })).body).toHaveLength(maxBodyBytes)
    calls = 0
    const error = await requestWithRetries(url, {}, { ...options, fetch: answering(maxBodyBytes + 1) }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(NoAnswer)
    expect((error as NoAnswer).kind).toBe('tooLarge')
    expect(calls).toBe(1)
  })

  it('a retryable status with a body over 64 KiB (a proxy\'s 503 page) is retried as that status, its body dropped', async () => {
    const statuses = [503, 503, 200]
    let calls = 0
    const flaky = (async () => {
      const status = statuses[calls++]!
      return new Response(status === 200 ? '{"ok":true}' : '<html>' + 'busy '.repeat(16_000), { status })
    }) as typeof fetch
    const url = new URL('http://127.0.0.1:1/credentials')
    const answer = await requestWithRetries(url, {}, { timeoutMs: 1000, maxAttempts: 3, baseDelayMs: 1, fetch: flaky })
    expect(answer).toMatchObject({ status: 200, body: '{"ok":true}' })
    expect(calls).toBe(3)
    calls = 0
    const last = await requestWithRetries(url, {}, { timeoutMs: 1000, maxAttempts: 2, baseDelayMs: 1, fetch: flaky })
    expect(last).toMatchObject({ status: 503, body: '' })
  })

  it('a fetch that ignores its signal: at the timeout its slow, endless body is cancelled, not read on', async () => {
    let pulls = 0
    let cancelled = false
    const slowForever = new ReadableStream<Uint8Array>({
      async pull(controller) {
        pulls++
        await new Promise((resolve) => setTimeout(resolve, 5))
        controller.enqueue(new Uint8Array(1))
      },
      cancel() {
        cancelled = true
      },
    })
    const deafFetch = (async () => new Response(slowForever)) as typeof fetch
    const error = await requestWithRetries(new URL('http://127.0.0.1:1/credentials'), {}, { fetch: deafFetch, timeoutMs: 50, maxAttempts: 1 }).catch(
      (caught: unknown) => caught,
    )
    expect((error as NoAnswer).kind).toBe('timeout')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(cancelled).toBe(true)
    const pullsThen = pulls
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(pulls).toBe(pullsThen)
  })
})
