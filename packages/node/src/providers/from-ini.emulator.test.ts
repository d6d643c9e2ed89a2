import { cached, chain, createStsClient, type Credentials } from '@credkit/core'
import { startEmulator, type Emulator } from '@credkit/emulator'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ProfileCredentialsError } from '../errors.js'
import { fromEnv } from './from-env.js'
import { fromIni } from './from-ini.js'
import { fromProcess } from './from-process.js'

// fromIni over real HTTP against @credkit/emulator, which verifies every SigV4 signature and
// enforces trust policies, MFA, external ids and role chaining as STS does.
const account = '123456789012'
const user = { name: 'alice', accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice/secret/access/key/000000000000000' }
const mfa = `arn:aws:iam::${account}:mfa/alice`
const roleArn = (name: string) => `arn:aws:iam::${account}:role/${name}`

let emulator: Emulator
let directory: string
beforeAll(async () => {
  emulator = await startEmulator({
    region: 'eu-west-1',
    users: [{ ...user, mfaDevices: [{ serialNumber: mfa, code: '246810' }] }],
    roles: [
      { name: 'admin', trust: { principals: [account] } },
      { name: 'chained', trust: { principals: [roleArn('admin')] } },
      { name: 'partner', trust: { principals: [account], externalId: 'partner-42' } },
      { name: 'guarded', trust: { principals: [account], mfaRequired: true } },
      { name: 'pod', trust: { webIdentity: true } },
    ],
    imds: false,
    container: false,
  })
})
afterAll(() => emulator.stop())
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'credkit-ini-emulator-'))
  emulator.calls.reset()
})
afterEach(() => rm(directory, { recursive: true, force: true }))

async function profile(name: string, config: string) {
  await writeFile(join(directory, 'config'), config)
  await writeFile(join(directory, 'credentials'), `[alice]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`)
  return {
    HOME: directory,
    AWS_CONFIG_FILE: join(directory, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(directory, 'credentials'),
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_REGION: 'eu-west-1',
    AWS_PROFILE: name,
  }
}

/** Who the emulator says these credentials are (a signed GetCallerIdentity). */
const whoAmI = async (credentials: Credentials) =>
  (await createStsClient({ region: 'eu-west-1', endpoint: emulator.url, credentials }).getCallerIdentity()).arn

describe('fromIni against the emulator', () => {
  it('assumes a role from a source profile, with a session name the emulator reports back', async () => {
    const env = await profile('admin', `[profile admin]\nrole_arn = ${roleArn('admin')}\nsource_profile = alice\nrole_session_name = ci-run\n`)
    const credentials = await fromIni({ env })()
    expect(credentials.expiration!.getTime() - Date.now()).toBeGreaterThan(3500_000)
    expect(await whoAmI(credentials)).toBe(`arn:aws:sts::${account}:assumed-role/admin/ci-run`)
    expect(emulator.calls.count('sts', 'AssumeRole')).toBe(1)
  })

  it('chains roles (a role trusted only by another role)', async () => {
    const env = await profile(
      'chained',
      `[profile chained]\nrole_arn = ${roleArn('chained')}\nsource_profile = admin\nrole_session_name = hop2\n` +
        `[profile admin]\nrole_arn = ${roleArn('admin')}\nsource_profile = alice\nrole_session_name = hop1\n`,
    )
    expect(await whoAmI(await fromIni({ env })())).toBe(`arn:aws:sts::${account}:assumed-role/chained/hop2`)
    expect(emulator.calls.count('sts', 'AssumeRole')).toBe(2)
  })

  it('sends external_id, and the role refuses without it', async () => {
    const config = `[profile partner]\nrole_arn = ${roleArn('partner')}\nsource_profile = alice\nexternal_id = partner-42\n`
    const env = await profile('partner', config)
    expect(await whoAmI(await fromIni({ env })())).toMatch(/assumed-role\/partner\//)
    await writeFile(join(directory, 'config'), config.replace('partner-42', 'wrong'))
    const error = await fromIni({ env })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ProfileCredentialsError)
    expect((error as Error).message).toContain("assuming role_arn of profile 'partner'")
    expect((error as Error).message).toContain('AccessDenied')
  })

  it('asks the MFA callback and sends its code; a wrong code is refused', async () => {
    const env = await profile('guarded', `[profile guarded]\nrole_arn = ${roleArn('guarded')}\nsource_profile = alice\nmfa_serial = ${mfa}\n`)
    expect(await whoAmI(await fromIni({ env, mfaCodeProvider: () => '246810' })())).toMatch(/assumed-role\/guarded\//)
    const error = await fromIni({ env, mfaCodeProvider: () => '000000' })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ProfileCredentialsError)
    expect((error as Error).message).not.toContain(user.secretAccessKey)
  })

  it('trades a web identity token file for the role', async () => {
    const tokenFile = join(directory, 'token')
    await writeFile(tokenFile, await emulator.issuer.mintIdToken({ sub: 'system:serviceaccount:default:app' }))
    const env = await profile('pod', `[profile pod]\nrole_arn = ${roleArn('pod')}\nweb_identity_token_file = ${tokenFile}\nrole_session_name = app\n`)
    expect(await whoAmI(await fromIni({ env })())).toBe(`arn:aws:sts::${account}:assumed-role/pod/app`)
    expect(emulator.calls.count('sts', 'AssumeRoleWithWebIdentity')).toBe(1)
  })

  it('reaches STS through the [services] section of the profile', async () => {
    const env = await profile(
      'admin',
      `[profile admin]\nrole_arn = ${roleArn('admin')}\nsource_profile = alice\nservices = local\n[services local]\nsts =\n  endpoint_url = ${emulator.url}\n`,
    )
    const { AWS_ENDPOINT_URL_STS: _unused, ...withoutVariable } = env
    expect(await whoAmI(await fromIni({ env: withoutVariable })())).toMatch(/assumed-role\/admin\//)
  })

  it("drops into core's chain (env not set, so the profile) and cached (one AssumeRole for many callers)", async () => {
    const env = await profile('admin', `[profile admin]\nrole_arn = ${roleArn('admin')}\nsource_profile = alice\n`)
    const provider = cached(chain(fromEnv({ env }), fromIni({ env }), fromProcess({ env })))
    const results = await Promise.all(Array.from({ length: 100 }, () => provider()))
    expect(new Set(results.map((credentials) => credentials.accessKeyId)).size).toBe(1)
    expect(await whoAmI(results[0]!)).toMatch(/assumed-role\/admin\//)
    expect(emulator.calls.count('sts', 'AssumeRole')).toBe(1)
  })
})
