import { CredentialsNotConfiguredError, StsError, createStsClient, type Credentials } from '@credkit/core'
import { startEmulator, type Emulator } from '@credkit/emulator'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makeFifo, within } from '../../test/fifo.js'
import { TokenFileError } from '../errors.js'
import { fromTokenFile } from './from-token-file.js'

const account = '123456789012'
const serviceAccount = 'system:serviceaccount:default:app'
const roleArn = `arn:aws:iam::${account}:role/pod`
let emulator: Emulator
let directory: string
let tokenFile: string
beforeAll(async () => {
  emulator = await startEmulator({
    region: 'eu-west-1',
    accountId: account,
    roles: [{ name: 'pod', trust: { webIdentity: { subjects: [serviceAccount] } } }],
    imds: false,
    container: false,
  })
})
afterAll(() => emulator.stop())
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'credkit-token-file-'))
  tokenFile = join(directory, 'token')
  emulator.calls.reset()
  emulator.faults.clear()
})
afterEach(() => rm(directory, { recursive: true, force: true }))

const env = (extra: Record<string, string> = {}) => ({
  AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
  AWS_ROLE_ARN: roleArn,
  AWS_ENDPOINT_URL_STS: emulator.url,
  AWS_REGION: 'eu-west-1',
  ...extra,
})
const whoAmI = async (credentials: Credentials) =>
  (await createStsClient({ region: 'eu-west-1', endpoint: emulator.url, credentials }).getCallerIdentity()).arn
const writeToken = async (sub: string, expiresIn?: number) =>
  writeFile(tokenFile, `${await emulator.issuer.mintIdToken({ sub, ...(expiresIn !== undefined ? { expiresIn } : {}) })}\n`)

describe('fromTokenFile against the emulator', () => {
  it('assumes AWS_ROLE_ARN with the token in AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_SESSION_NAME', async () => {
    await writeToken(serviceAccount)
    const credentials = await fromTokenFile({ env: env({ AWS_ROLE_SESSION_NAME: 'irsa-app' }) })()
    expect(await whoAmI(credentials)).toBe(`arn:aws:sts::${account}:assumed-role/pod/irsa-app`)
    expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now())
    expect(inspect(credentials)).not.toContain(credentials.secretAccessKey)
    expect(emulator.calls.count('sts', 'AssumeRoleWithWebIdentity')).toBe(1)
  })

  it('re-reads the file at every call: the emulator sees each rotated token', async () => {
    const provider = fromTokenFile({ env: env() })
    await writeToken(serviceAccount)
    expect((await provider()).accessKeyId).toBeTruthy()
    // The trust policy admits only the service account's subject: a token for another subject is refused.
    await writeToken('system:serviceaccount:default:intruder')
    const refused = await provider().catch((caught: unknown) => caught)
    expect(refused).toBeInstanceOf(StsError)
    expect((refused as StsError).stsCode).toBe('AccessDenied')
    await writeToken(serviceAccount)
    expect((await provider()).accessKeyId).toBeTruthy()
    expect(emulator.calls.count('sts', 'AssumeRoleWithWebIdentity')).toBe(3)
  })

  it('an expired token in the file is refused until Kubernetes writes a fresh one', async () => {
    const provider = fromTokenFile({ env: env() })
    await writeToken(serviceAccount, -60)
    const expired = await provider().catch((caught: unknown) => caught)
    expect(expired).toBeInstanceOf(StsError)
    expect((expired as StsError).stsCode).toBe('ExpiredTokenException')
    await writeToken(serviceAccount)
    expect((await provider()).accessKeyId).toBeTruthy()
  })

  it('options beat the environment; clientConfig.endpoint beats AWS_ENDPOINT_URL_STS', async () => {
    await writeToken(serviceAccount)
    const provider = fromTokenFile({
      env: { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1', AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/other' },
      roleArn,
      webIdentityTokenFile: tokenFile,
      roleSessionName: 'from-code',
      clientConfig: { endpoint: emulator.url, region: 'eu-west-1' },
    })
    expect(await whoAmI(await provider())).toBe(`arn:aws:sts::${account}:assumed-role/pod/from-code`)
  })

  it('uses AWS_ENDPOINT_URL when AWS_ENDPOINT_URL_STS is absent', async () => {
    await writeToken(serviceAccount)
    const { AWS_ENDPOINT_URL_STS: _, ...rest } = env()
    expect((await fromTokenFile({ env: { ...rest, AWS_ENDPOINT_URL: emulator.url } })()).accessKeyId).toBeTruthy()
  })
})

describe('configuration', () => {
  it('neither variable set → CredentialsNotConfiguredError', async () => {
    await expect(fromTokenFile({ env: {} })()).rejects.toBeInstanceOf(CredentialsNotConfiguredError)
    await expect(fromTokenFile({ env: {} })()).rejects.toThrow('AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set')
  })

  it('only one of them set → not configured, naming the missing one (as the AWS SDKs)', async () => {
    await expect(fromTokenFile({ env: { AWS_ROLE_ARN: roleArn } })()).rejects.toThrow('AWS_WEB_IDENTITY_TOKEN_FILE is not set')
    await expect(fromTokenFile({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile } })()).rejects.toBeInstanceOf(CredentialsNotConfiguredError)
  })

  it('a missing token file → TokenFileError naming the file; no STS call', async () => {
    const error = await fromTokenFile({ env: env() })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TokenFileError)
    expect((error as TokenFileError).path).toBe(tokenFile)
    expect(emulator.calls.count('sts')).toBe(0)
  })

  it('an empty or unreadable token file → TokenFileError', async () => {
    await writeFile(tokenFile, '\n')
    await expect(fromTokenFile({ env: env() })()).rejects.toBeInstanceOf(TokenFileError)
    await writeToken(serviceAccount)
    if (process.getuid?.() !== 0) {
      await chmod(tokenFile, 0o000)
      await expect(fromTokenFile({ env: env() })()).rejects.toBeInstanceOf(TokenFileError)
    }
    await expect(fromTokenFile({ env: env({ AWS_WEB_IDENTITY_TOKEN_FILE: directory }) })()).rejects.toBeInstanceOf(TokenFileError)
  })

  it('a FIFO as AWS_WEB_IDENTITY_TOKEN_FILE → TokenFileError at once, not a wait for a writer; no STS call', async () => {
    const pipe = makeFifo(tokenFile)
    try {
      const outcome = await within(1000, fromTokenFile({ env: env() })().catch((error: unknown) => error))
      expect(outcome).toBeInstanceOf(TokenFileError)
      expect((outcome as Error).message).toMatch(/: a FIFO, not a regular file$/)
      expect(emulator.calls.count('sts')).toBe(0)
    } finally {
      await pipe.release()
    }
  })
})
