/**
 * The README's retry numbers ("up to 3 attempts with capped exponential backoff and full jitter
 * (100 ms base, 20 s cap, 5 s per attempt)") as defaults, not only as options a test passes, and
 * "createSignedFetch retries as the STS client does": 408, network failures, and the 4xx codes it
 * names.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/dist/index.js'
import { AttemptTimeoutError, withRetries } from '../src/http/retry.js'
import { NetworkError, StsError, createSignedFetch, createStsClient } from '../src/index.js'
import { awsError, startScriptedServer, status, type Answer } from './support/scripted-server.js'

const busy = () => Object.assign(new Error('busy'), { retryable: true })

describe('README: the retry defaults', () => {
  it('3 attempts, waits of up to 100 ms × 2ⁿ', async () => {
    const waits: number[] = []
    let calls = 0
    const failure = await withRetries(
      async () => {
        calls++
        throw busy()
      },
      undefined,
      { random: () => 1, sleep: async (milliseconds) => void waits.push(milliseconds) },
    ).catch((error: unknown) => error)
    expect(failure).toMatchObject({ message: 'busy' })
    expect(calls).toBe(3)
    expect(waits).toEqual([100, 200])
  })

  it('no wait longer than 20 s', async () => {
    const waits: number[] = []
    await withRetries(
      async () => {
        throw busy()
      },
      { maxAttempts: 11 },
      { random: () => 1, sleep: async (milliseconds) => void waits.push(milliseconds) },
    ).catch(() => {})
    expect(waits).toEqual([100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 20_000, 20_000])
  })

  it('an attempt is cut off after 5 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      let settled = false
      const pending = withRetries(() => new Promise<never>(() => {}), { maxAttempts: 1 }).finally(() => (settled = true))
      pending.catch(() => {})
      await vi.advanceTimersByTimeAsync(4_990)
      expect(settled).toBe(false)
      await vi.advanceTimersByTimeAsync(20)
      // Checked before awaiting: a pending promise would hold the test, and its fake timers, until vitest's timeout.
      expect(settled).toBe(true)
      await expect(pending).rejects.toBeInstanceOf(AttemptTimeoutError)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('README: the STS client’s retries by default', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator()
  })
  afterAll(() => emulator?.stop())

  it('throttling is tried 3 times in all (the waits between: withRetries above)', async () => {
    emulator.faults.set('sts', { throttle: true })
    const user = { accessKeyId: emulator.env.AWS_ACCESS_KEY_ID!, secretAccessKey: emulator.env.AWS_SECRET_ACCESS_KEY! }
    const client = createStsClient({ endpoint: emulator.url, region: emulator.region, credentials: user, random: () => 1 })
    const error = await client.getCallerIdentity().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StsError)
    expect(error).toMatchObject({ retryable: true })
    expect(emulator.calls.count('sts')).toBe(3)
  })
})

describe('README: createSignedFetch retries as the STS client does', () => {
  let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }
  const fast = { baseDelayMs: 1, maxDelayMs: 2 }
  const dropped: Answer = (_, response) => void response.socket?.destroy()

  it('3 attempts by default, then the last answer', async () => {
    server = await startScriptedServer([], status(503, 'still down'))
    const signedFetch = createSignedFetch({ credentials, region: 'us-east-1', service: 'execute-api', random: () => 0 })
    const response = await signedFetch(`${server.url}/`)
    expect(response.status).toBe(503)
    expect(await response.text()).toBe('still down')
    expect(server.requests).toHaveLength(3)
  })

  it.each([
    ['a 408', status(408)],
    ['S3’s SlowDown in a 400', awsError(400, 'SlowDown')],
    ['a dropped connection', dropped],
  ])('retries %s', async (_, answer) => {
    server = await startScriptedServer([answer, status(200, 'done')])
    const signedFetch = createSignedFetch({ credentials, region: 'us-east-1', service: 's3', retry: fast })
    const response = await signedFetch(`${server.url}/bucket/key`, { method: 'PUT', body: 'payload' })
    expect(await response.text()).toBe('done')
    expect(server.requests.map((request) => request.body)).toEqual(['payload', 'payload'])
  })

  it('a connection that fails every attempt is a NetworkError', async () => {
    server = await startScriptedServer([], dropped)
    const signedFetch = createSignedFetch({ credentials, region: 'us-east-1', service: 'execute-api', retry: { ...fast, maxAttempts: 2 } })
    await expect(signedFetch(`${server.url}/`)).rejects.toBeInstanceOf(NetworkError)
    expect(server.requests).toHaveLength(2)
  })
})
