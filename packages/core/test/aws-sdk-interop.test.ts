/**
 * A credkit provider is an AWS SDK credential provider: passed as `credentials` to the SDK's own
 * STS client it is called for credentials, and the SDK signs with what it returns.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/dist/index.js'
import { cached, fromStatic, fromTemporaryCredentials, fromWebIdentity, type CredentialProvider } from '../src/index.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator?.stop())

// Typed as credkit's provider: this file type-checks only if the SDK accepts it as it is.
const sdkClient = (credentials: CredentialProvider) =>
  new STSClient({ endpoint: emulator.url, region: emulator.region, credentials, maxAttempts: 1 })

it('fromTemporaryCredentials works as the credentials of @aws-sdk/client-sts', async () => {
  const provider = fromTemporaryCredentials({
    params: { roleArn: emulator.roles[0]!.arn, roleSessionName: 'through-the-sdk' },
    masterCredentials: {
      accessKeyId: emulator.env.AWS_ACCESS_KEY_ID!,
      secretAccessKey: emulator.env.AWS_SECRET_ACCESS_KEY!,
    },
    clientConfig: { endpoint: emulator.url, region: emulator.region },
  })
  const identity = await sdkClient(provider).send(new GetCallerIdentityCommand({}))
  expect(identity.Arn).toBe(`arn:aws:sts::${emulator.accountId}:assumed-role/${emulator.roles[0]!.name}/through-the-sdk`)
})

it('fromWebIdentity works as the credentials of @aws-sdk/client-sts', async () => {
  const provider = fromWebIdentity({
    roleArn: emulator.roles[0]!.arn,
    roleSessionName: 'oidc-user',
    webIdentityToken: () => emulator.issuer.mintIdToken({ sub: 'user-1', aud: 'sts.amazonaws.com' }),
    clientConfig: { endpoint: emulator.url, region: emulator.region },
  })
  const identity = await sdkClient(provider).send(new GetCallerIdentityCommand({}))
  expect(identity.Arn).toMatch(/assumed-role\/[^/]+\/oidc-user$/)
})

// The SDK records where credentials given as a value came from in a `$source` property it adds to
// that object: a frozen object made `send` fail with a TypeError from inside the SDK.
it.each([
  ['fromStatic', () => fromStatic({ accessKeyId: emulator.env.AWS_ACCESS_KEY_ID!, secretAccessKey: emulator.env.AWS_SECRET_ACCESS_KEY! })()],
  [
    'cached(fromTemporaryCredentials)',
    () =>
      cached(
        fromTemporaryCredentials({
          params: { roleArn: emulator.roles[0]!.arn, roleSessionName: 'value-through-the-sdk' },
          masterCredentials: { accessKeyId: emulator.env.AWS_ACCESS_KEY_ID!, secretAccessKey: emulator.env.AWS_SECRET_ACCESS_KEY! },
          clientConfig: { endpoint: emulator.url, region: emulator.region },
        }),
      )(),
  ],
])('what %s returns works as a credentials value of @aws-sdk/client-sts, and its fields stay read-only', async (_, resolve) => {
  const credentials = await resolve()
  const client = new STSClient({ endpoint: emulator.url, region: emulator.region, credentials, maxAttempts: 1 })
  const identity = await client.send(new GetCallerIdentityCommand({}))
  expect(identity.Account).toBe(emulator.accountId)
  const secret = credentials.secretAccessKey
  expect(() => Object.assign(credentials, { secretAccessKey: 'changed' })).toThrow(TypeError)
  expect(credentials.secretAccessKey).toBe(secret)
})
