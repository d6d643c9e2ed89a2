/**
 * The STS providers against @credkit/emulator, for what a user sees of them beyond the STS client:
 * the clock they read, and what they refuse before any request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/dist/index.js'
import { createStsClient, fromTemporaryCredentials, fromWebIdentity, type Credentials } from '../src/index.js'

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
