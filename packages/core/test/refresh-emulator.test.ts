/**
 * The refresh engine with real STS traffic: role credentials from @credkit/emulator behind
 * `cached`, counted at the emulator, and a signed fetch that keeps working across expiries.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/dist/index.js'
import {
  AttemptTimeoutError,
  NetworkError,
  StsError,
  StsResponseError,
  cached,
  createSignedFetch,
  fromTemporaryCredentials,
  type CredentialProvider,
  type RetryOptions,
} from '../src/index.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator?.stop())
afterEach(() => {
  emulator.faults.clear()
  emulator.calls.reset()
})

const minute = 60_000
const role = (sessionName: string, retry?: RetryOptions): CredentialProvider =>
  fromTemporaryCredentials({
    params: { roleArn: emulator.roles[0]!.arn, roleSessionName: sessionName },
    masterCredentials: { accessKeyId: emulator.env.AWS_ACCESS_KEY_ID!, secretAccessKey: emulator.env.AWS_SECRET_ACCESS_KEY! },
    clientConfig: { endpoint: emulator.url, region: emulator.region, ...(retry ? { retry } : {}) },
  })
const assumeRoleCalls = () => emulator.calls.count('sts', 'AssumeRole')

describe('cached role credentials under load', () => {
  it('10,000 concurrent callers across refresh boundaries: one STS call per refresh, and no waiting while valid', async () => {
    // The engine's clock is moved by hand; STS and the emulator keep real time (one-hour sessions).
    let shift = 0
    const provider = cached(role('load'), { now: () => Date.now() + shift, random: () => 0, jitter: 0 })
    const everyone = () => Promise.all(Array.from({ length: 10_000 }, () => provider()))

    const first = await everyone()
    expect(assumeRoleCalls()).toBe(1)
    expect(new Set(first.map((credentials) => credentials.accessKeyId)).size).toBe(1)

    // 52 minutes on: inside the mandatory window (10 minutes before expiry), everyone waits for one refresh.
    shift = 52 * minute
    const second = await everyone()
    expect(assumeRoleCalls()).toBe(2)
    expect(new Set(second.map((credentials) => credentials.accessKeyId)).size).toBe(1)
    expect(second[0]!.accessKeyId).not.toBe(first[0]!.accessKeyId)

    // 57 minutes on: the new credentials (8 minutes to live when obtained) are in their advisory
    // window. A slow STS proves callers do not wait: they all have their answer while the one
    // background AssumeRole is still unanswered.
    emulator.faults.set('sts', { latency: 400, only: ['AssumeRole'] })
    shift = 57 * minute
    const third = await everyone()
    expect(third.every((credentials) => credentials.accessKeyId === second[0]!.accessKeyId)).toBe(true)
    const answered = () => emulator.calls.list().filter((call) => call.action === 'AssumeRole' && call.status === 200).length
    expect(answered()).toBe(2)
    // Once the background refresh has been answered and read, callers get its credentials, and
    // asking meanwhile never started another one.
    let latest = await provider()
    for (let waited = 0; latest.accessKeyId === second[0]!.accessKeyId && waited < 3_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      latest = await provider()
    }
    expect(latest.accessKeyId).not.toBe(second[0]!.accessKeyId)
    expect(assumeRoleCalls()).toBe(3)
  }, 60_000)
})

describe('cached when STS fails its refreshes', () => {
  const until = async (done: () => boolean) => {
    for (let waited = 0; !done() && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20))
  }

  it.each([
    ['throttled', { throttle: true }, StsError],
    ['failing with 500', { status: 500 }, StsError],
    ['answering a malformed body', { malformed: true }, StsResponseError],
    ['dropping the connection', { drop: true }, NetworkError],
    ['too slow', { latency: 1_000 }, AttemptTimeoutError],
  ] as const)('%s: callers keep the valid credentials until they expire, then get the typed error; never expired ones', async (_, fault, errorClass) => {
    // The engine's clock is moved by hand over a one-hour session (windows: advisory 15 min,
    // mandatory 10 min before expiry); STS keeps real time. Two quick attempts per refresh.
    let shift = 0
    const now = () => Date.now() + shift
    const reported: unknown[] = []
    const provider = cached(role('faults', { maxAttempts: 2, baseDelayMs: 10, attemptTimeoutMs: 300 }), {
      now,
      random: () => 0,
      jitter: 0,
      onRefreshError: (error) => reported.push(error),
    })
    // Every answer is checked to be unexpired by the engine's clock when it comes.
    const ask = async () => {
      const credentials = await provider()
      expect(credentials.expiration!.getTime()).toBeGreaterThan(now())
      return credentials
    }
    const first = await ask()
    emulator.faults.set('sts', { ...fault, only: ['AssumeRole'] })

    // Advisory window: served at once, and the background refresh that fails is reported.
    shift = 47 * minute
    expect((await ask()).accessKeyId).toBe(first.accessKeyId)
    await until(() => reported.length > 0)
    expect(reported[0]).toBeInstanceOf(errorClass)
    // Mandatory window: the caller waits for a refresh, which fails; the still-valid credentials come back.
    shift = 55 * minute
    expect((await ask()).accessKeyId).toBe(first.accessKeyId)
    expect(reported.length).toBeGreaterThanOrEqual(2)
    // Past the expiration: the refresh's own typed error, not the expired credentials.
    shift = 61 * minute
    await expect(provider()).rejects.toBeInstanceOf(errorClass)

    // STS recovers (after an unretryable error's 1 s of failure caching): new credentials, issued
    // for three hours so that they are valid by the engine's clock, an hour ahead of STS's.
    emulator.faults.set('sts', { credentialsExpireIn: 3 * 3600, only: ['AssumeRole'] })
    shift = 61 * minute + 10_000
    expect((await ask()).accessKeyId).not.toBe(first.accessKeyId)
  }, 30_000)
})

describe('createSignedFetch with refreshing credentials', () => {
  const getCallerIdentity = (signedFetch: ReturnType<typeof createSignedFetch>) =>
    signedFetch(emulator.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    })

  it('keeps working across the expiry of short-lived credentials, never sending expired ones', async () => {
    emulator.faults.set('sts', { credentialsExpireIn: 2, only: ['AssumeRole'] })
    const signedFetch = createSignedFetch({ credentials: cached(role('short')), region: emulator.region, service: 'sts' })
    const seen = new Set<string>()
    const deadline = Date.now() + 3_500
    while (Date.now() < deadline) {
      const response = await getCallerIdentity(signedFetch)
      expect(response.status, await response.clone().text()).toBe(200)
      seen.add(/<Arn>([^<]+)<\/Arn>/.exec(await response.text())![1]!)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(assumeRoleCalls()).toBeGreaterThanOrEqual(2)
    expect(emulator.calls.list().filter((call) => call.action === 'GetCallerIdentity').every((call) => call.status === 200)).toBe(true)
  }, 20_000)

  it('refreshes once and sends again when the service says the token expired', async () => {
    const provider = cached(role('rejected'))
    const signedFetch = createSignedFetch({ credentials: provider, region: emulator.region, service: 'sts' })
    const before = await provider()
    emulator.faults.set('sts', { status: 403, code: 'ExpiredToken', times: 1, only: ['GetCallerIdentity'] })
    const response = await getCallerIdentity(signedFetch)
    expect(response.status).toBe(200)
    expect(emulator.calls.count('sts', 'GetCallerIdentity')).toBe(2)
    expect((await provider()).accessKeyId).not.toBe(before.accessKeyId)
  })
})
