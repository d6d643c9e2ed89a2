/**
 * The STS providers against @credkit/emulator, for what a user sees of them beyond the STS client:
 * the clock they read, and what they refuse before any request.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/dist/index.js'
import { cached, createStsClient, fromTemporaryCredentials, fromWebIdentity, type Credentials } from '../src/index.js'

// A clock far from the real one, given to the emulator and to credkit alike.
const fixedTime = Date.UTC(2031, 4, 6, 7, 8, 9)
const now = () => fixedTime

let emulator: Emulator
let clientConfig: { endpoint: string; region: string; now: () => number }
beforeAll(async () => {
  emulator = await startEmulator({ now: () => new Date(fixedTime) })
  clientConfig = { endpoint: emulator.url, region: emulator.region, now }
})
afterAll(() => emulator?.stop())
afterEach(() => emulator.faults.clear())

const callerArn = async (credentials: Credentials) => (await createStsClient({ ...clientConfig, credentials }).getCallerIdentity()).arn

describe('the default session names read the injected clock, as every clock read does', () => {
  it('fromTemporaryCredentials: credkit-<milliseconds of now()>', async () => {
    const user = { accessKeyId: emulator.env.AWS_ACCESS_KEY_ID!, secretAccessKey: emulator.env.AWS_SECRET_ACCESS_KEY! }
    const credentials = await fromTemporaryCredentials({ params: { roleArn: emulator.roles[0]!.arn }, masterCredentials: user, clientConfig })()
    expect(await callerArn(credentials)).toMatch(new RegExp(`/credkit-${fixedTime}$`))
  })

  it('fromWebIdentity: credkit-session-<milliseconds of now()>', async () => {
    const webIdentityToken = await emulator.issuer.mintIdToken({ aud: 'sts.amazonaws.com' })
    const credentials = await fromWebIdentity({ roleArn: emulator.roles[0]!.arn, webIdentityToken, clientConfig })()
    expect(await callerArn(credentials)).toMatch(new RegExp(`/credkit-session-${fixedTime}$`))
  })
})

// DESIGN: a service answer that says the credentials are expired or invalid forces one refresh and
// one retry. For a signed STS call those are the source credentials (a clock behind, or a source
// that hands out expired credentials as IMDS may).
describe('a signed STS call STS answers with ExpiredToken gets new source credentials once and is sent again', () => {
  const user = () => ({ accessKeyId: emulator.env.AWS_ACCESS_KEY_ID!, secretAccessKey: emulator.env.AWS_SECRET_ACCESS_KEY! })
  const expired = { status: 403, code: 'ExpiredToken', only: ['AssumeRole'] } as const

  it('a source provider is called again with forceRefresh', async () => {
    const asked: unknown[] = []
    const source = async (options?: { forceRefresh?: boolean }) => (asked.push(options), user())
    emulator.faults.set('sts', { ...expired, times: 1 })
    const credentials = await fromTemporaryCredentials({ params: { roleArn: emulator.roles[0]!.arn }, masterCredentials: source, clientConfig })()
    expect(await callerArn(credentials)).toContain(emulator.roles[0]!.name)
    expect(asked).toEqual([undefined, { forceRefresh: true }])
  })

  it('a cached source drops the rejected credentials, and refreshes', async () => {
    let serial = 0
    const source = cached(async () => ({ ...user(), accountId: String(++serial).padStart(12, '0') }), { now })
    emulator.faults.set('sts', { ...expired, times: 1 })
    await fromTemporaryCredentials({ params: { roleArn: emulator.roles[0]!.arn }, masterCredentials: source, clientConfig })()
    expect(serial).toBe(2)
  })

  it('once: a second ExpiredToken is the typed error; credentials given as a value are not sent again', async () => {
    let calls = 0
    const source = async () => (calls++, user())
    const sent = () => emulator.calls.count('sts', 'AssumeRole')
    let before = sent()
    emulator.faults.set('sts', { ...expired, times: 2 })
    await expect(fromTemporaryCredentials({ params: { roleArn: emulator.roles[0]!.arn }, masterCredentials: source, clientConfig })()).rejects.toMatchObject({
      name: 'StsError',
      stsCode: 'ExpiredToken',
    })
    expect([calls, sent() - before]).toEqual([2, 2])
    before = sent()
    emulator.faults.set('sts', { ...expired, times: 1 })
    await expect(fromTemporaryCredentials({ params: { roleArn: emulator.roles[0]!.arn }, masterCredentials: user(), clientConfig })()).rejects.toMatchObject({
      stsCode: 'ExpiredToken',
    })
    expect(sent() - before).toBe(1)
  })
})
