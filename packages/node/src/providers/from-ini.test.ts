import { StsError } from '@credkit/core'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startStsStub } from '../../test/sts-stub.js'
import {
  CredentialSourceUnavailableError,
  MfaCodeRequiredError,
  ProfileChainTooLongError,
  ProfileConfigError,
  ProfileCredentialsError,
  ProfileCycleError,
  TokenFileError,
} from '../errors.js'
import { CredentialsNotConfiguredError } from '@credkit/core'
import { fromIni, type FromIniOptions } from './from-ini.js'

let sts: Awaited<ReturnType<typeof startStsStub>>
let directory: string
beforeAll(async () => {
  sts = await startStsStub()
})
afterAll(() => sts.stop())
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'credkit-ini-'))
  sts.calls.length = 0
})
afterEach(() => rm(directory, { recursive: true, force: true }))

/** Writes the two files and returns an env that points at them and at the STS stub. */
async function files(config: string, credentials = '', extra: Record<string, string> = {}) {
  await writeFile(join(directory, 'config'), config)
  await writeFile(join(directory, 'credentials'), credentials)
  return {
    HOME: directory,
    AWS_CONFIG_FILE: join(directory, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(directory, 'credentials'),
    AWS_ENDPOINT_URL_STS: sts.url,
    ...extra,
  }
}
const resolve = (env: Record<string, string>, options: FromIniOptions = {}) => fromIni({ env, ...options })()
const failure = (env: Record<string, string>, options: FromIniOptions = {}) => resolve(env, options).then(
  () => expect.unreachable('resolved'),
  (error: unknown) => {
    const text = `${(error as Error).message} ${inspect(error)}`
    expect(text).not.toMatch(/secret-|SECRETKEY/)
    return error as Error & { code: string; profile?: string }
  },
)

const keys = (id: string) => `aws_access_key_id = AKID${id}\naws_secret_access_key = SECRETKEY${id}\n`

describe('fromIni: static keys', () => {
  it('reads keys, the credentials file winning over the config file', async () => {
    const env = await files(`[default]\n${keys('CONFIG')}aws_session_token = config-token\n`, `[default]\n${keys('CREDS')}`)
    const credentials = await resolve(env)
    expect(credentials).toEqual({ accessKeyId: 'AKIDCREDS', secretAccessKey: 'SECRETKEYCREDS', sessionToken: 'config-token' })
    expect(`${inspect(credentials)} ${JSON.stringify(credentials)}`).not.toMatch(/SECRETKEY|config-token/)
  })

  it('ignores STS settings it does not need (a bad sts_regional_endpoints with static keys)', async () => {
    const env = await files(`[default]\nsts_regional_endpoints = bogus\n`, `[default]\n${keys('A')}`)
    expect(await resolve(env)).toMatchObject({ accessKeyId: 'AKIDA' })
  })

  it('reads the selected profile and aws_account_id', async () => {
    const env = await files('', `[dev]\n${keys('DEV')}aws_account_id = 123456789012\n`, { AWS_PROFILE: 'dev' })
    expect(await resolve(env)).toMatchObject({ accessKeyId: 'AKIDDEV', accountId: '123456789012' })
    expect(await resolve({ ...env, AWS_PROFILE: 'other' }, { profile: 'dev' })).toMatchObject({ accessKeyId: 'AKIDDEV' })
  })

  it('reports half a key pair with the file and line', async () => {
    const env = await files('', '[default]\n\naws_access_key_id = AKID\n')
    const error = await failure(env)
    expect(error).toBeInstanceOf(ProfileConfigError)
    expect(error.message).toBe(`profile 'default' (${join(directory, 'credentials')}, line 3) has aws_access_key_id but no aws_secret_access_key`)
  })

  it('reports a malformed file with its line', async () => {
    const env = await files('[default\n')
    await expect(resolve(env)).rejects.toMatchObject({ code: 'ERR_PROFILE_FILE_PARSE', line: 1, path: join(directory, 'config') })
  })
})

describe('fromIni: not configured or missing', () => {
  it('is not configured when the default profile is absent or has no credentials', async () => {
    await expect(resolve({ HOME: directory })).rejects.toBeInstanceOf(CredentialsNotConfiguredError)
    const env = await files('[default]\nregion = eu-west-1\n')
    await expect(resolve(env)).rejects.toBeInstanceOf(CredentialsNotConfiguredError)
  })

  it('fails when a chosen profile does not exist', async () => {
    const env = await files('[default]\nregion = eu-west-1\n')
    const error = await failure({ ...env, AWS_PROFILE: 'prod' })
    expect(error).toBeInstanceOf(ProfileConfigError)
    expect(error.message).toBe(`profile 'prod' is not in ${join(directory, 'config')} or ${join(directory, 'credentials')}`)
  })

  it('points SSO profiles at export-credentials', async () => {
    const env = await files('[profile sso]\nsso_session = corp\nsso_account_id = 1\n', '', { AWS_PROFILE: 'sso' })
    expect((await failure(env)).message).toContain('credential_process = aws configure export-credentials --profile sso --format process')
  })
})

describe('fromIni: role_arn with source_profile (SDKs & Tools reference: assume role credential provider)', () => {
  it('assumes the role with the source profile keys, sending every setting', async () => {
    const env = await files(
      '[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\nexternal_id = ext-1\n' +
        'role_session_name = alice\nsource_identity = alice@example.com\nregion = eu-west-1\n',
      `[base]\n${keys('BASE')}`,
      { AWS_PROFILE: 'admin' },
    )
    const credentials = await resolve(env)
    expect(credentials).toMatchObject({ accessKeyId: 'ASIA-admin', secretAccessKey: 'secret-admin', sessionToken: 'token-admin', accountId: '123456789012' })
    expect(`${inspect(credentials)} ${JSON.stringify(credentials)}`).not.toMatch(/secret-admin|token-admin/)
    expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now() + 3500_000)
    expect(sts.calls).toHaveLength(1)
    expect(sts.calls[0]).toMatchObject({
      action: 'AssumeRole',
      signedWith: 'AKIDBASE',
      signingRegion: 'eu-west-1',
      parameters: {
        RoleArn: 'arn:aws:iam::123456789012:role/admin',
        RoleSessionName: 'alice',
        DurationSeconds: '3600',
        ExternalId: 'ext-1',
        SourceIdentity: 'alice@example.com',
      },
    })
  })

  it('chains roles, each signed with the previous role credentials', async () => {
    const env = await files(
      '[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n' +
        '[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\nduration_seconds = 7200\n',
      `[c]\n${keys('C')}`,
      { AWS_PROFILE: 'a' },
    )
    expect(await resolve(env, { now: () => 1_700_000_000_000 })).toMatchObject({ accessKeyId: 'ASIA-a' })
    expect(sts.calls.map((call) => [call.parameters['RoleArn'], call.signedWith, call.sessionToken, call.parameters['DurationSeconds']])).toEqual([
      ['arn:aws:iam::1:role/b', 'AKIDC', undefined, '7200'],
      ['arn:aws:iam::1:role/a', 'ASIA-b', 'token-b', '3600'],
    ])
    expect(sts.calls[0]!.parameters['RoleSessionName']).toBe('credkit-1700000000000')
  })

  it('uses a source profile keys rather than its own role_arn', async () => {
    const env = await files('[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n', `[b]\n${keys('B')}[c]\n${keys('C')}`, { AWS_PROFILE: 'a' })
    await resolve(env)
    expect(sts.calls.map((call) => [call.parameters['RoleArn'], call.signedWith])).toEqual([['arn:aws:iam::1:role/a', 'AKIDB']])
  })

  it('lets a profile with keys be its own source_profile', async () => {
    const env = await files('[profile self]\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n', `[self]\n${keys('SELF')}`, { AWS_PROFILE: 'self' })
    expect(await resolve(env)).toMatchObject({ accessKeyId: 'ASIA-self' })
    expect(sts.calls.map((call) => call.signedWith)).toEqual(['AKIDSELF'])
  })

  it.each([
    ['a cycle of 3000 profiles', 3000, 'p0'],
    ['a chain of 2000 profiles', 2000, undefined],
    ['a chain of 21 hops', 21, undefined],
  ])('stops %s at 20 hops with a typed error and a short message, before calling STS', async (_, length, last) => {
    let config = ''
    for (let index = 0; index < length; index++) config += `[profile p${index}]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = p${index + 1}\n`
    config += last === undefined ? `[profile p${length}]\naws_access_key_id = AKID\naws_secret_access_key = s\n` : `[profile p${length}]\nrole_arn = r\nsource_profile = ${last}\n`
    const error = await failure(await files(config, '', { AWS_PROFILE: 'p0' }))
    expect(error).toBeInstanceOf(ProfileChainTooLongError)
    expect(error.message).toContain('chain more than 20 profiles: p0 → p1 → p2 → p3 → p4 → … (12 more) →')
    expect(error.message.length).toBeLessThan(400)
    expect(sts.calls).toHaveLength(0)
  })

  it('follows a chain of 20 hops', async () => {
    let config = ''
    for (let index = 0; index < 20; index++) config += `[profile p${index}]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = p${index + 1}\n`
    config += `[profile p20]\naws_access_key_id = AKID\naws_secret_access_key = s\n`
    expect((await resolve(await files(config, '', { AWS_PROFILE: 'p0' }))).sessionToken).toBeTruthy()
    expect(sts.calls).toHaveLength(20)
  })

  it('detects cycles before calling STS', async () => {
    const env = await files(
      '[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n' +
        '[profile self]\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n',
      '',
      { AWS_PROFILE: 'a' },
    )
    const error = await failure(env)
    expect(error).toBeInstanceOf(ProfileCycleError)
    expect((error as ProfileCycleError).profiles).toEqual(['a', 'b', 'a'])
    expect(error.message).toContain(`source_profile settings form a cycle: a → b → a (profile 'b' (${join(directory, 'config')}, line 6))`)
    await expect(resolve({ ...env, AWS_PROFILE: 'self' })).rejects.toBeInstanceOf(ProfileCycleError)
    expect(sts.calls).toHaveLength(0)
  })

  it('reports a missing source profile and a bad duration with their lines', async () => {
    const env = await files('[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = nope\n[profile d]\nrole_arn = r\nsource_profile = a\nduration_seconds = 60\n', '', { AWS_PROFILE: 'a' })
    expect((await failure(env)).message).toBe(`profile 'a' (${join(directory, 'config')}, line 3) names source_profile 'nope', which does not exist`)
    expect((await failure({ ...env, AWS_PROFILE: 'd' })).message).toBe(
      `profile 'd' (${join(directory, 'config')}, line 7) has duration_seconds = "60"; expected whole seconds from 900 to 43200`,
    )
  })

  it('asks the MFA callback for each assumption, and fails clearly without one', async () => {
    const env = await files('[profile mfa]\nrole_arn = arn:aws:iam::1:role/mfa\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/alice\n', `[base]\n${keys('BASE')}`, {
      AWS_PROFILE: 'mfa',
    })
    const error = await failure(env)
    expect(error).toBeInstanceOf(MfaCodeRequiredError)
    expect(error.message).toContain('needs an MFA code for arn:aws:iam::1:mfa/alice: pass mfaCodeProvider')
    const asked: string[] = []
    const mfaCodeProvider = async (serial: string) => {
      asked.push(serial)
      return String(123455 + asked.length)
    }
    const provider = fromIni({ env, mfaCodeProvider })
    await provider()
    await provider()
    expect(asked).toEqual(['arn:aws:iam::1:mfa/alice', 'arn:aws:iam::1:mfa/alice'])
    expect(sts.calls.map((call) => [call.parameters['SerialNumber'], call.parameters['TokenCode']])).toEqual([
      ['arn:aws:iam::1:mfa/alice', '123456'],
      ['arn:aws:iam::1:mfa/alice', '123457'],
    ])
  })

  it('wraps an STS refusal in an error naming the profile, keeping the STS error as cause', async () => {
    const env = await files('[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = base\n', `[base]\n${keys('BASE')}`, { AWS_PROFILE: 'a' })
    sts.fail('AccessDenied')
    const error = await failure(env)
    expect(error).toBeInstanceOf(ProfileCredentialsError)
    expect(error.message).toMatch(new RegExp(`^assuming role_arn of profile 'a' \\(${join(directory, 'config')}, line 2\\) failed: STS AccessDenied \\(HTTP 403\\)`))
    expect(error.cause).toBeInstanceOf(StsError)
    expect((error.cause as StsError).stsCode).toBe('AccessDenied')
  })
})

describe('fromIni: credential_source', () => {
  const config = (source: string) => `[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\ncredential_source = ${source}\n`

  it('Environment uses the variables of the env option', async () => {
    const env = await files(config('Environment'), '', { AWS_PROFILE: 'ci', AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'SECRETKEYENV' })
    expect(await resolve(env)).toMatchObject({ accessKeyId: 'ASIA-ci' })
    expect(sts.calls[0]!.signedWith).toBe('AKIDENV')
    const error = await failure({ ...env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' })
    expect(error).toBeInstanceOf(ProfileConfigError)
    expect(error.message).toContain('has credential_source = Environment, which is not configured')
  })

  it('Ec2InstanceMetadata and EcsContainer use the providers given, and say so when none is', async () => {
    for (const source of ['Ec2InstanceMetadata', 'EcsContainer'] as const) {
      const env = await files(config(source), '', { AWS_PROFILE: 'ci' })
      const error = await failure(env)
      expect(error).toBeInstanceOf(CredentialSourceUnavailableError)
      expect(error.message).toContain(`pass credentialSources.${source}`)
      sts.calls.length = 0
      const credentialSources = { [source]: async () => ({ accessKeyId: `AKID${source}`, secretAccessKey: 'SECRETKEY' }) }
      expect(await resolve(env, { credentialSources })).toMatchObject({ accessKeyId: 'ASIA-ci' })
      expect(sts.calls[0]!.signedWith).toBe(`AKID${source}`)
    }
  })

  it('rejects unknown sources, and source_profile with credential_source', async () => {
    const env = await files(`${config('Laptop')}[profile both]\nrole_arn = r\ncredential_source = Environment\nsource_profile = ci\n`, '', { AWS_PROFILE: 'ci' })
    expect((await failure(env)).message).toContain('credential_source = "Laptop"; expected Environment, Ec2InstanceMetadata or EcsContainer')
    expect((await failure({ ...env, AWS_PROFILE: 'both' })).message).toContain('has both source_profile and credential_source')
  })
})

describe('fromIni: web_identity_token_file', () => {
  it('trades the token, re-read at each call, unsigned', async () => {
    const tokenFile = join(directory, 'token')
    await writeFile(tokenFile, 'token-one\n')
    const env = await files(`[profile k8s]\nrole_arn = arn:aws:iam::1:role/k8s\nweb_identity_token_file = ${tokenFile}\nrole_session_name = pod\n`, '', { AWS_PROFILE: 'k8s' })
    const provider = fromIni({ env })
    expect(await provider()).toMatchObject({ accessKeyId: 'ASIA-k8s' })
    await writeFile(tokenFile, 'token-two')
    await provider()
    expect(sts.calls.map((call) => [call.action, call.signedWith, call.parameters['WebIdentityToken'], call.parameters['RoleSessionName']])).toEqual([
      ['AssumeRoleWithWebIdentity', undefined, 'token-one', 'pod'],
      ['AssumeRoleWithWebIdentity', undefined, 'token-two', 'pod'],
    ])
  })

  it('names the token file and the profile when it is missing', async () => {
    const env = await files(`[default]\nrole_arn = arn:aws:iam::1:role/k8s\nweb_identity_token_file = ${join(directory, 'missing')}\n`)
    const error = await failure(env)
    expect(error).toBeInstanceOf(TokenFileError)
    expect(error.message).toBe(`cannot read the web identity token file ${join(directory, 'missing')} (profile 'default' (${join(directory, 'config')}, line 3)): ENOENT`)
  })
})

describe('fromIni: credential_process', () => {
  it('runs it for the profile and as a source profile', async () => {
    const script = join(directory, 'helper.mjs')
    await writeFile(script, `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROC', SecretAccessKey: 'SECRETKEYPROC' }))`)
    const env = await files(
      `[profile proc]\ncredential_process = '${process.execPath}' '${script}'\n[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = proc\n`,
      '',
      { AWS_PROFILE: 'proc' },
    )
    expect(await resolve(env)).toEqual({ accessKeyId: 'AKIDPROC', secretAccessKey: 'SECRETKEYPROC' })
    expect(await resolve({ ...env, AWS_PROFILE: 'role' })).toMatchObject({ accessKeyId: 'ASIA-r' })
    expect(sts.calls[0]!.signedWith).toBe('AKIDPROC')
  })
})

describe('fromIni: where STS is called', () => {
  it('uses the [services] sts endpoint_url, below AWS_ENDPOINT_URL_STS', async () => {
    const base = await files(
      `[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = base\nservices = local\nendpoint_url = http://127.0.0.1:1/global\n` +
        `[services local]\nsts =\n  endpoint_url = ${sts.url}from-services\n`,
      `[base]\n${keys('BASE')}`,
      { AWS_PROFILE: 'a' },
    )
    const { AWS_ENDPOINT_URL_STS: _unused, ...env } = base
    await resolve(env)
    expect(sts.calls.at(-1)!.path).toBe('/from-services')
    await resolve({ ...env, AWS_ENDPOINT_URL_STS: `${sts.url}from-env` })
    expect(sts.calls.at(-1)!.path).toBe('/from-env')
    await resolve(env, { stsEndpoint: `${sts.url}from-code` })
    expect(sts.calls.at(-1)!.path).toBe('/from-code')
  })
})
