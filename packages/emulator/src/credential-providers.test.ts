import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { fromContainerMetadata, fromHttp, fromInstanceMetadata, fromTemporaryCredentials, fromWebToken } from '@aws-sdk/credential-providers'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { withEnv } from '../test/with-env.js'
import { startEmulator, type Emulator } from './index.js'

let emulator: Emulator
let noV1: Emulator
const authorizationToken = 'container-token-123'

beforeAll(async () => {
  ;[emulator, noV1] = await Promise.all([
    startEmulator({
      accountId: '444455556666',
      roles: [
        { name: 'instance-role', tags: { purpose: 'ec2' } },
        { name: 'task-role' },
        { name: 'web-role', trust: { webIdentity: true } },
        { name: 'mfa-role', trust: { mfaRequired: true } },
      ],
      imds: { role: 'instance-role', instanceId: 'i-0abc1234def567890', availabilityZone: 'us-east-1c' },
      container: { role: 'task-role', authorizationToken },
    }),
    startEmulator({ imds: { v1: false } }),
  ])
})
afterAll(() => Promise.all([emulator.stop(), noV1.stop()]))
afterEach(() => {
  emulator.faults.clear()
  noV1.faults.clear()
})

/** Proves the credentials are real in the emulator: they sign a call that STS accepts. */
async function identityOf(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  const client = new STSClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 })
  return client.send(new GetCallerIdentityCommand({}))
}

const imdsEnv = () => ({ AWS_EC2_METADATA_SERVICE_ENDPOINT: emulator.url, AWS_EC2_METADATA_DISABLED: undefined, AWS_EC2_METADATA_V1_DISABLED: undefined })

describe('IMDS with @aws-sdk/credential-providers fromInstanceMetadata', () => {
  it('gets the instance role credentials over IMDSv2 (token PUT, then the credentials)', async () => {
    emulator.calls.reset()
    const credentials = await withEnv(imdsEnv(), () => fromInstanceMetadata({ timeout: 2000 })())
    expect(credentials.accessKeyId).toMatch(/^ASIA/)
    expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now() + 5 * 3600_000)
    expect(emulator.calls.count('imds', '/latest/api/token')).toBeGreaterThanOrEqual(1)
    const identity = await identityOf(credentials)
    expect(identity.Arn).toBe('arn:aws:sts::444455556666:assumed-role/instance-role/i-0abc1234def567890')
  })

  it('hands out the same credentials until they near expiry, as IMDS does', async () => {
    const first = await withEnv(imdsEnv(), () => fromInstanceMetadata()())
    const second = await withEnv(imdsEnv(), () => fromInstanceMetadata()())
    expect(second.accessKeyId).toBe(first.accessKeyId)
  })

  it('falls back to IMDSv1 when the token call is refused, if v1 is on', async () => {
    emulator.faults.set('imds', { status: 403, only: ['/latest/api/token'] })
    const credentials = await withEnv(imdsEnv(), () => fromInstanceMetadata()())
    expect(credentials.accessKeyId).toMatch(/^ASIA/)
  })

  it('fails when v1 is off and the token call is refused', async () => {
    noV1.faults.set('imds', { status: 403, only: ['/latest/api/token'] })
    await expect(
      withEnv({ ...imdsEnv(), AWS_EC2_METADATA_SERVICE_ENDPOINT: noV1.url }, () => fromInstanceMetadata()()),
    ).rejects.toThrow()
  })

  it('issues credentials that expire in N seconds under the credentialsExpireIn fault', async () => {
    emulator.faults.set('imds', { credentialsExpireIn: 30 })
    const credentials = await withEnv(imdsEnv(), () => fromInstanceMetadata()())
    const left = credentials.expiration!.getTime() - Date.now()
    expect(left).toBeLessThanOrEqual(31_000)
  })
})

describe('IMDS static stability', () => {
  it('hands out already expired credentials with a negative credentialsExpireIn, which the SDK extends', async () => {
    emulator.faults.set('imds', { credentialsExpireIn: -600 })
    const credentials = await withEnv(imdsEnv(), () => fromInstanceMetadata({ logger: { warn() {}, info() {}, debug() {}, error() {} } as never })())
    // smithy's static stability: expired IMDS credentials get 5–10 more minutes instead of failing.
    expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now())
  })
})

describe('container credentials with @aws-sdk/credential-providers', () => {
  it('fromContainerMetadata reads AWS_CONTAINER_CREDENTIALS_FULL_URI and sends the authorization token', async () => {
    const credentials = await withEnv(
      { AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.containerFullUri, AWS_CONTAINER_AUTHORIZATION_TOKEN: authorizationToken, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined },
      () => fromContainerMetadata({ timeout: 2000 })(),
    )
    expect((await identityOf(credentials)).Arn).toBe('arn:aws:sts::444455556666:assumed-role/task-role/credkit-emulator-task')
  })

  it('fromHttp takes the full URI and token as options', async () => {
    const credentials = await fromHttp({ awsContainerCredentialsFullUri: emulator.containerFullUri, awsContainerAuthorizationToken: authorizationToken })()
    expect(credentials.accessKeyId).toMatch(/^ASIA/)
    expect(credentials.expiration).toBeInstanceOf(Date)
  })

  it('refuses a wrong authorization token', async () => {
    await expect(
      fromHttp({ awsContainerCredentialsFullUri: emulator.containerFullUri, awsContainerAuthorizationToken: 'wrong', maxRetries: 0 })(),
    ).rejects.toThrow()
    const response = await fetch(emulator.containerFullUri, { headers: { authorization: 'wrong' } })
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ Code: 'AccessDenied', Message: 'Authorization token is invalid' })
  })

  it('serves the relative ECS path too', async () => {
    const response = await fetch(`${emulator.url}${emulator.containerRelativeUri}`, { headers: { authorization: authorizationToken } })
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, string>
    expect(body['RoleArn']).toBe('arn:aws:iam::444455556666:role/task-role')
    expect(Object.keys(body).sort()).toEqual(['AccessKeyId', 'AccountId', 'Expiration', 'RoleArn', 'SecretAccessKey', 'Token'])
  })
})

describe('fromWebToken against the emulated STS', () => {
  it('exchanges a minted ID token for role credentials', async () => {
    const token = await emulator.issuer.mintIdToken({ sub: 'ci-job-7' })
    const credentials = await fromWebToken({
      roleArn: 'arn:aws:iam::444455556666:role/web-role',
      webIdentityToken: token,
      roleSessionName: 'ci-job-7',
      clientConfig: { endpoint: emulator.url, region: 'us-east-1' },
    })()
    expect((await identityOf(credentials)).Arn).toBe('arn:aws:sts::444455556666:assumed-role/web-role/ci-job-7')
  })
})

describe('fromTemporaryCredentials against the emulated STS', () => {
  it('assumes a role that requires MFA, asking mfaCodeProvider for the code', async () => {
    const user = emulator.users[0]!
    const serialNumber = [...user.mfaDevices.keys()][0]!
    const asked: string[] = []
    const credentials = await fromTemporaryCredentials({
      masterCredentials: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
      params: { RoleArn: 'arn:aws:iam::444455556666:role/mfa-role', RoleSessionName: 'with-mfa', SerialNumber: serialNumber },
      mfaCodeProvider: async (serial) => {
        asked.push(serial)
        return user.mfaDevices.get(serial)!
      },
      clientConfig: { endpoint: emulator.url, region: 'us-east-1' },
    })()
    expect(asked).toEqual([serialNumber])
    expect((await identityOf(credentials)).Arn).toBe('arn:aws:sts::444455556666:assumed-role/mfa-role/with-mfa')
  })
})
