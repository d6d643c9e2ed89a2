/**
 * A credkit provider is an AWS SDK credential provider: passed as `credentials` to the SDK's own
 * STS client it is called for credentials, and the SDK signs with what it returns.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/dist/index.js'
import { fromTemporaryCredentials, fromWebIdentity, type CredentialProvider } from '../src/index.js'

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
