import { CredentialsNotConfiguredError } from '@credkit/core'
import { startEmulator, type Emulator } from '@credkit/emulator'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { inspect } from 'node:util'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startOversizedBodyServer, type ServerBody } from '../../test/oversized-body-server.js'
import { InstanceMetadataConfigError, InstanceMetadataError, ProfileFileParseError } from '../errors.js'
import { fromInstanceMetadata, instanceMetadataEndpoint, type FromInstanceMetadataOptions } from './from-instance-metadata.js'

const tokenPath = '/latest/api/token'
const extended = '/latest/meta-data/iam/security-credentials-extended/'
const legacy = '/latest/meta-data/iam/security-credentials/'

let emulator: Emulator
let v2Only: Emulator
let home: string
// No test reads the machine's own ~/.aws files: HOME is an empty temporary directory.
let noFiles: Record<string, string>
beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'credkit-imds-'))
  noFiles = { HOME: home }
  ;[emulator, v2Only] = await Promise.all([
    startEmulator({ roles: [{ name: 'web' }], container: false }),
    startEmulator({ roles: [{ name: 'web' }], container: false, imds: { v1: false } }),
  ])
})
afterAll(() => Promise.all([emulator.stop(), v2Only.stop(), rm(home, { recursive: true, force: true })]))
beforeEach(() => {
  for (const each of [emulator, v2Only]) {
    each.faults.clear()
    each.calls.reset()
    each.clock.reset()
  }
})

const env = (extra: Record<string, string> = {}, target = emulator) => ({ ...noFiles, AWS_EC2_METADATA_SERVICE_ENDPOINT: target.imdsEndpoint, ...extra })
const provider = (options: FromInstanceMetadataOptions = {}) => fromInstanceMetadata({ env: env(), ...options })

describe('fromInstanceMetadata against the emulator', () => {
  it('IMDSv2, extended path: role credentials with AccountId, printed without secrets', async () => {
    const credentials = await provider()()
    expect(credentials.accessKeyId).toMatch(/^ASIA/)
    expect(credentials.sessionToken).toBeTruthy()
    expect(credentials.accountId).toBe(emulator.accountId)
    expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now())
    expect(inspect(credentials)).not.toContain(credentials.secretAccessKey)
    expect(emulator.calls.count('imds', tokenPath)).toBe(1)
    expect(emulator.calls.count('imds', extended)).toBe(1)
    expect(emulator.calls.count('imds', `${extended}web`)).toBe(1)
    expect(emulator.calls.count('imds', legacy)).toBe(0)
  })

  it('caches the IMDSv2 token for its TTL: two credential fetches, one token PUT; the role name is listed once', async () => {
    const imds = provider()
    await imds()
    await imds()
    expect(emulator.calls.count('imds', tokenPath)).toBe(1)
    expect(emulator.calls.count('imds', extended)).toBe(1)
    expect(emulator.calls.count('imds', `${extended}web`)).toBe(2)
  })

  it('asks for a new token when the cached one is past its TTL by the provider clock', async () => {
    let clock = Date.now()
    const imds = provider({ now: () => clock })
    await imds()
    clock += 6 * 3600_000
    await imds()
    expect(emulator.calls.count('imds', tokenPath)).toBe(2)
  })

  it('a 401 on a later call drops the token and fetches a new one, once', async () => {
    const imds = fromInstanceMetadata({ env: env({}, v2Only) })
    await imds()
    v2Only.clock.advance(7 * 3600_000) // the emulator now rejects the 6-hour token the provider still holds
    const credentials = await imds()
    expect(credentials.expiration!.getTime()).toBeGreaterThan(v2Only.clock.now().getTime())
    expect(v2Only.calls.count('imds', tokenPath)).toBe(2)
  })

  it('404 on the extended listing switches to the legacy path for good (no AccountId there)', async () => {
    emulator.faults.set('imds', { status: 404, only: ['security-credentials-extended'] })
    const imds = provider()
    const first = await imds()
    expect(first.accessKeyId).toBeTruthy()
    expect(first.accountId).toBeUndefined()
    await imds()
    expect(emulator.calls.count('imds', extended)).toBe(1)
    expect(emulator.calls.count('imds', legacy)).toBe(1)
    expect(emulator.calls.count('imds', `${legacy}web`)).toBe(2)
  })

  it('AWS_EC2_INSTANCE_PROFILE_NAME skips the listing; blank is an error', async () => {
    const credentials = await fromInstanceMetadata({ env: env({ AWS_EC2_INSTANCE_PROFILE_NAME: 'web' }) })()
    expect(credentials.accessKeyId).toBeTruthy()
    expect(emulator.calls.count('imds', extended)).toBe(0)
    await expect(fromInstanceMetadata({ env: env({ AWS_EC2_INSTANCE_PROFILE_NAME: '  ' }) })()).rejects.toBeInstanceOf(InstanceMetadataConfigError)
    const missing = await fromInstanceMetadata({ env: env({ AWS_EC2_INSTANCE_PROFILE_NAME: 'nope' }) })().catch((caught: unknown) => caught)
    expect(missing).toBeInstanceOf(InstanceMetadataError)
    expect((missing as InstanceMetadataError).status).toBe(404)
  })
})

describe('IMDSv1 fallback', () => {
  it.each([403, 404, 405])('token PUT answering %i → IMDSv1, sticky', async (status) => {
    emulator.faults.set('imds', { status, only: [tokenPath] })
    const imds = provider()
    expect((await imds()).accessKeyId).toBeTruthy()
    expect((await imds()).accessKeyId).toBeTruthy()
    expect(emulator.calls.count('imds', tokenPath)).toBe(1)
  })

  it('token PUT timing out → IMDSv1', async () => {
    emulator.faults.set('imds', { latency: 3000, only: [tokenPath] })
    expect((await provider({ timeoutMs: 150 })()).accessKeyId).toBeTruthy()
  })

  it('AWS_EC2_METADATA_V1_DISABLED=true: no fallback, a typed error', async () => {
    emulator.faults.set('imds', { status: 403, only: [tokenPath] })
    const error = await fromInstanceMetadata({ env: env({ AWS_EC2_METADATA_V1_DISABLED: 'TRUE' }) })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InstanceMetadataError)
    expect((error as Error).message).toContain('AWS_EC2_METADATA_V1_DISABLED')
    expect(emulator.calls.count('imds', extended)).toBe(0)
  })

  it('token PUT answering 400 → typed error, no fallback', async () => {
    emulator.faults.set('imds', { status: 400, only: [tokenPath] })
    const error = await provider()().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InstanceMetadataError)
    expect((error as InstanceMetadataError).status).toBe(400)
    expect(emulator.calls.count('imds', extended)).toBe(0)
  })
})

describe('configuration', () => {
  // Anything but "false" disables, as the chain's remote link and the AWS SDK for JavaScript v3 read it.
  it.each(['true', 'TRUE', ' True ', '1', 'yes'])('AWS_EC2_METADATA_DISABLED=%j → CredentialsNotConfiguredError, no request', async (value) => {
    await expect(fromInstanceMetadata({ env: env({ AWS_EC2_METADATA_DISABLED: value }) })()).rejects.toBeInstanceOf(
      CredentialsNotConfiguredError,
    )
    expect(emulator.calls.count('imds')).toBe(0)
  })

  it.each(['false', ' FALSE ', ''])('AWS_EC2_METADATA_DISABLED=%j is not disabled', async (value) => {
    expect((await fromInstanceMetadata({ env: env({ AWS_EC2_METADATA_DISABLED: value }) })()).accessKeyId).toBeTruthy()
  })

  it('endpoint: the option, AWS_EC2_METADATA_SERVICE_ENDPOINT, else the endpoint mode (resolved, not fetched)', () => {
    expect(instanceMetadataEndpoint({}).href).toBe('http://169.254.169.254/')
    expect(instanceMetadataEndpoint({ AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv6' }).href).toBe('http://[fd00:ec2::254]/')
    expect(instanceMetadataEndpoint({ AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'ipv4' }).href).toBe('http://169.254.169.254/')
    expect(
      instanceMetadataEndpoint({ AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9/', AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv6' }).href,
    ).toBe('http://127.0.0.1:9/')
    expect(instanceMetadataEndpoint({ AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9/' }, 'http://127.0.0.2:8').href).toBe('http://127.0.0.2:8/')
    expect(() => instanceMetadataEndpoint({ AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv5' })).toThrow(InstanceMetadataConfigError)
    expect(() => instanceMetadataEndpoint({ AWS_EC2_METADATA_SERVICE_ENDPOINT: 'not a url' })).toThrow(InstanceMetadataConfigError)
  })

  it('the IPv6 mode sends its requests to [fd00:ec2::254] (fetch injected, nothing sent)', async () => {
    const seen: string[] = []
    const fakeFetch = (async (input: URL | RequestInfo, init?: RequestInit) => {
      const url = new URL(String(input))
      seen.push(url.origin)
      return fetch(`${emulator.imdsEndpoint}${url.pathname}`, init === undefined ? {} : { method: init.method ?? 'GET', headers: init.headers ?? {} })
    }) as typeof fetch
    const credentials = await fromInstanceMetadata({ env: { ...noFiles, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv6' }, fetch: fakeFetch })()
    expect(credentials.accessKeyId).toBeTruthy()
    expect(new Set(seen)).toEqual(new Set(['http://[fd00:ec2::254]']))
  })
})

describe('settings from the shared config file profile', () => {
  let count = 0
  /** A config file in a fresh temporary directory; the env points at it (and at no credentials file). */
  const withConfig = async (text: string, extra: Record<string, string> = {}) => {
    const dir = path.join(home, `config-${++count}`)
    await mkdir(dir)
    const configFile = path.join(dir, 'config')
    await writeFile(configFile, text)
    return { HOME: dir, AWS_CONFIG_FILE: configFile, ...extra }
  }
  const recordingFetch = (seen: string[]) =>
    (async (input: URL | RequestInfo) => {
      seen.push(String(input))
      return new Response('Not Found', { status: 404 })
    }) as typeof fetch

  it('ec2_metadata_service_endpoint of the default profile reaches the emulator (no endpoint variable)', async () => {
    const credentials = await fromInstanceMetadata({ env: await withConfig(`[default]\nec2_metadata_service_endpoint = ${emulator.imdsEndpoint}\n`) })()
    expect(credentials.accessKeyId).toMatch(/^ASIA/)
    expect(emulator.calls.count('imds', tokenPath)).toBe(1)
    expect(emulator.calls.count('imds', `${extended}web`)).toBe(1)
  })

  it('the profile option, then AWS_PROFILE, choose the profile', async () => {
    const text = `[default]\nec2_metadata_service_endpoint = http://127.0.0.1:1\n[profile imds]\nec2_metadata_service_endpoint = ${emulator.imdsEndpoint}\n`
    expect((await fromInstanceMetadata({ env: await withConfig(text), profile: 'imds', maxAttempts: 1 })()).accessKeyId).toBeTruthy()
    expect((await fromInstanceMetadata({ env: await withConfig(text, { AWS_PROFILE: 'imds' }), maxAttempts: 1 })()).accessKeyId).toBeTruthy()
    await expect(fromInstanceMetadata({ env: await withConfig(text), maxAttempts: 1 })()).rejects.toThrow(/127\.0\.0\.1:1/)
    expect(emulator.calls.count('imds', `${extended}web`)).toBe(2)
  })

  it('AWS_EC2_METADATA_SERVICE_ENDPOINT beats the profile', async () => {
    const config = await withConfig(`[default]\nec2_metadata_service_endpoint = http://127.0.0.1:1\n`, {
      AWS_EC2_METADATA_SERVICE_ENDPOINT: emulator.imdsEndpoint,
    })
    expect((await fromInstanceMetadata({ env: config, maxAttempts: 1 })()).accessKeyId).toBeTruthy()
    expect(emulator.calls.count('imds', tokenPath)).toBe(1)
  })

  it('ec2_metadata_v1_disabled = true refuses the IMDSv1 fallback; AWS_EC2_METADATA_V1_DISABLED=false beats it', async () => {
    emulator.faults.set('imds', { status: 404, only: [tokenPath] })
    const text = `[default]\nec2_metadata_service_endpoint = ${emulator.imdsEndpoint}\nec2_metadata_v1_disabled = true\n`
    const error = await fromInstanceMetadata({ env: await withConfig(text) })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InstanceMetadataError)
    expect((error as Error).message).toMatch(/IMDSv1 is disabled \(ec2_metadata_v1_disabled in profile 'default' \(.*config, line 3\)\)/)
    expect(emulator.calls.count('imds', tokenPath)).toBe(1)
    expect(emulator.calls.count('imds', extended)).toBe(0)
    const credentials = await fromInstanceMetadata({ env: await withConfig(text, { AWS_EC2_METADATA_V1_DISABLED: 'false' }) })()
    expect(credentials.accessKeyId).toBeTruthy()
    expect(emulator.calls.count('imds', extended)).toBe(1)
  })

  it('ec2_metadata_service_endpoint_mode = IPv6 sends to [fd00:ec2::254] (fetch injected, answering 404; nothing sent)', async () => {
    const seen: string[] = []
    const error = await fromInstanceMetadata({
      env: await withConfig(`[default]\nec2_metadata_service_endpoint_mode = IPv6\n`),
      fetch: recordingFetch(seen),
    })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InstanceMetadataError)
    expect((error as InstanceMetadataError).status).toBe(404)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen[0]).toBe('http://[fd00:ec2::254]/latest/api/token')
    for (const url of seen) expect(url.startsWith('http://[fd00:ec2::254]/')).toBe(true)
  })

  it('the endpoint mode: AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE beats the profile; a bad profile mode names the file', async () => {
    const seen: string[] = []
    const env = await withConfig(`[default]\nec2_metadata_service_endpoint_mode = IPv6\n`, { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv4' })
    await fromInstanceMetadata({ env, fetch: recordingFetch(seen) })().catch(() => undefined)
    expect(seen[0]).toBe('http://169.254.169.254/latest/api/token')
    // An endpoint from either source beats a mode from either source, as in the SDKs.
    const endpointBeatsMode = await withConfig(`[default]\nec2_metadata_service_endpoint = http://127.0.0.1:9\n`, { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv6' })
    await fromInstanceMetadata({ env: endpointBeatsMode, fetch: recordingFetch(seen) })().catch(() => undefined)
    expect(seen.at(-1)).toMatch(/^http:\/\/127\.0\.0\.1:9\//)
    const bad = await fromInstanceMetadata({ env: await withConfig(`[default]\nec2_metadata_service_endpoint_mode = IPv5\n`), fetch: recordingFetch([]) })().catch(
      (caught: unknown) => caught,
    )
    expect(bad).toBeInstanceOf(InstanceMetadataConfigError)
    expect((bad as Error).message).toMatch(/ec2_metadata_service_endpoint_mode in profile 'default' \(.*config, line 2\) must be IPv4 or IPv6/)
  })

  it('ec2_instance_profile_name skips the listing; AWS_EC2_INSTANCE_PROFILE_NAME beats it; blank is an error', async () => {
    const text = (name: string) => `[default]\nec2_metadata_service_endpoint = ${emulator.imdsEndpoint}\nec2_instance_profile_name = ${name}\n`
    expect((await fromInstanceMetadata({ env: await withConfig(text('web')) })()).accessKeyId).toBeTruthy()
    expect(emulator.calls.count('imds', extended)).toBe(0)
    expect(emulator.calls.count('imds', `${extended}web`)).toBe(1)
    expect((await fromInstanceMetadata({ env: await withConfig(text('nope'), { AWS_EC2_INSTANCE_PROFILE_NAME: 'web' }) })()).accessKeyId).toBeTruthy()
    expect((await fromInstanceMetadata({ env: await withConfig(text('nope')), instanceProfileName: 'web' })()).accessKeyId).toBeTruthy()
    expect(emulator.calls.count('imds', `${extended}nope`)).toBe(0)
    await expect(fromInstanceMetadata({ env: await withConfig(text('  ')) })()).rejects.toBeInstanceOf(InstanceMetadataConfigError)
  })

  it('a malformed config file is its typed error, before any request', async () => {
    const env = await withConfig(`[default\nec2_metadata_service_endpoint = ${emulator.imdsEndpoint}\n`, {
      AWS_EC2_METADATA_SERVICE_ENDPOINT: emulator.imdsEndpoint,
    })
    await expect(fromInstanceMetadata({ env })()).rejects.toBeInstanceOf(ProfileFileParseError)
    expect(emulator.calls.count('imds')).toBe(0)
  })
})

describe('failures without previous credentials are typed errors', () => {
  it('500s: retried, 3 attempts, then InstanceMetadataError with the status', async () => {
    emulator.faults.set('imds', { status: 500 })
    const error = await provider()().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InstanceMetadataError)
    expect((error as InstanceMetadataError).status).toBe(500)
    expect(emulator.calls.count('imds', tokenPath)).toBe(3)
  })

  it('IMDS down (connection dropped)', async () => {
    emulator.faults.set('imds', { drop: true })
    await expect(provider({ maxAttempts: 2 })()).rejects.toBeInstanceOf(InstanceMetadataError)
  })

  it('IMDS refusing connections', async () => {
    await expect(fromInstanceMetadata({ env: { ...noFiles, AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:1' }, maxAttempts: 1 })()).rejects.toBeInstanceOf(
      InstanceMetadataError,
    )
  })

  it('garbage instead of credentials JSON', async () => {
    emulator.faults.set('imds', { malformed: true, only: [`${extended}web`] })
    await expect(provider()()).rejects.toThrow(/not JSON/)
  })

  it('a hang is cut off by the timeout', async () => {
    emulator.faults.set('imds', { latency: 5000 })
    const started = Date.now()
    await expect(provider({ timeoutMs: 100, maxAttempts: 1 })()).rejects.toBeInstanceOf(InstanceMetadataError)
    expect(Date.now() - started).toBeLessThan(4000)
  })

  it.each([
    [{ Code: 'AssumeRoleUnauthorizedAccess', Message: 'not allowed' }, /Code AssumeRoleUnauthorizedAccess: "not allowed"/],
    [{ Code: 'Success', AccessKeyId: 'A', SecretAccessKey: 'S', Expiration: '2030-01-01T00:00:00Z' }, /without Token/],
    [{ AccessKeyId: 'A', SecretAccessKey: 'S', Token: 'T', Expiration: 'soon' }, /not an RFC 3339 timestamp/],
    [[1, 2], /not a JSON object/],
  ])('validates the credentials JSON: %j', async (body, message) => {
    const fakeFetch = (async (input: URL | RequestInfo) => {
      const path = new URL(String(input)).pathname
      if (path === tokenPath) return new Response('token-1', { headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' } })
      if (path === extended) return new Response('web')
      return new Response(JSON.stringify(body))
    }) as typeof fetch
    const error = await fromInstanceMetadata({ env: { ...noFiles, AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:1' }, fetch: fakeFetch })().catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(InstanceMetadataError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('"S"')
  })
})

describe('an answer body larger than 64 KiB (a broken or rogue IMDS, over loopback HTTP)', () => {
  const imdsAnswering = (credentials: ServerBody) =>
    startOversizedBodyServer((method, path) => (method === 'PUT' ? 'imds-token-0001' : path === extended ? 'web' : credentials))
  const stillOpenAfter = (milliseconds: number, abandoned: Promise<void>) =>
    Promise.race([abandoned.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still open'), milliseconds))])

  it('a body that never ends: reading stops past 64 KiB, the connection is dropped, a typed error before any timeout, no retry', async () => {
    const server = await imdsAnswering({ endless: true })
    try {
      const started = Date.now()
      const imds = fromInstanceMetadata({ env: { ...noFiles, AWS_EC2_METADATA_SERVICE_ENDPOINT: server.url }, timeoutMs: 2000, maxAttempts: 2 })
      const error = await imds().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(InstanceMetadataError)
      expect((error as Error).message).toMatch(/answered a body larger than 64 KiB/)
      expect(Date.now() - started).toBeLessThan(1500)
      expect(await stillOpenAfter(2000, server.abandoned)).toBe('closed')
      expect(server.requests.filter((request) => request === `GET ${extended}web`)).toHaveLength(1)
      expect(server.bytesSent()).toBeLessThan(2 * 1024 * 1024)
    } finally {
      await server.stop()
    }
  }, 10_000)

  it('a 1 MiB body with its Content-Length is refused the same way; one just under 64 KiB is read', async () => {
    const large = await imdsAnswering({ bytes: 1024 * 1024 })
    const padded = JSON.stringify({
      Code: 'Success',
      AccessKeyId: 'ASIAPADDED',
      SecretAccessKey: 'padded-secret',
      Token: 't'.repeat(60 * 1024),
      Expiration: new Date(Date.now() + 3600_000).toISOString(),
    })
    const nearLimit = await imdsAnswering(padded)
    try {
      const error = await fromInstanceMetadata({ env: { ...noFiles, AWS_EC2_METADATA_SERVICE_ENDPOINT: large.url } })().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(InstanceMetadataError)
      expect((error as Error).message).toMatch(/answered a body larger than 64 KiB/)
      expect(large.requests.filter((request) => request === `GET ${extended}web`)).toHaveLength(1)
      const credentials = await fromInstanceMetadata({ env: { ...noFiles, AWS_EC2_METADATA_SERVICE_ENDPOINT: nearLimit.url } })()
      expect(credentials.accessKeyId).toBe('ASIAPADDED')
    } finally {
      await Promise.all([large.stop(), nearLimit.stop()])
    }
  })
})

describe('Expiration must be an RFC 3339 timestamp', () => {
  const answering = (expiration: string) =>
    (async (input: URL | RequestInfo) => {
      const path = new URL(String(input)).pathname
      if (path === tokenPath) return new Response('token-1', { headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' } })
      if (path === extended) return new Response('web')
      return new Response(JSON.stringify({ Code: 'Success', AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'imds-secret-0001', Token: 'imds-token-0001', Expiration: expiration }))
    }) as typeof fetch
  const imds = (expiration: string) =>
    fromInstanceMetadata({ env: { ...noFiles, AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:1' }, fetch: answering(expiration) })

  it.each(['1', 'March 7, 2099', '4102444800', '2099-02-30T00:00:00Z', '2099-11-23T24:00:00Z', '2099-11-23T18:00:00'])(
    'refuses %j: an InstanceMetadataError that quotes neither the value nor a secret',
    async (expiration) => {
      const error = await imds(expiration)().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(InstanceMetadataError)
      expect((error as Error).message).toBe('the instance metadata service answered an Expiration that is not an RFC 3339 timestamp')
    },
  )

  it('reads fractional seconds and an offset', async () => {
    expect((await imds('2099-11-23T18:00:00.250-02:00')()).expiration?.toISOString()).toBe('2099-11-23T20:00:00.250Z')
  })
})

describe('an IMDSv2 token no HTTP header can carry', () => {
  it('is a typed error naming the problem, not quoting the token, and no GET is sent', async () => {
    const token = 'imds-token-0001\0'
    let gets = 0
    const server = createServer((request, response) => {
      if (request.method === 'PUT') return void response.end(token)
      gets++
      response.statusCode = 404
      response.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const imds = fromInstanceMetadata({ env: { ...noFiles, AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${port}` } })
      const error = await imds().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(InstanceMetadataError)
      expect((error as Error).message).toMatch(/token that cannot be an HTTP header value/)
      const texts: string[] = []
      for (let each = error; each instanceof Error; each = each.cause) texts.push(each.message, each.stack ?? '', inspect(each))
      expect(texts.join('\n')).not.toContain('imds-token-0001')
      expect(gets).toBe(0)
    } finally {
      server.close()
    }
  })
})

describe('static stability', () => {
  const withinExtension = (expiration: Date | undefined) => {
    const left = expiration!.getTime() - Date.now()
    expect(left).toBeGreaterThan(4.5 * 60_000)
    expect(left).toBeLessThanOrEqual(10 * 60_000)
  }

  it.each([
    ['500s', { status: 500 }],
    ['dropped connections', { drop: true }],
    ['garbage', { malformed: true }],
  ] as const)('IMDS failing with %s after a success: the last credentials, expiration extended 5–10 min, a warning', async (_, fault) => {
    const warnings: string[] = []
    const imds = provider({ onWarning: (message) => warnings.push(message), maxAttempts: 2 })
    const first = await imds()
    emulator.faults.set('imds', fault)
    const again = await imds()
    expect(again.accessKeyId).toBe(first.accessKeyId)
    expect(again.secretAccessKey).toBe(first.secretAccessKey)
    withinExtension(again.expiration)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).not.toContain(first.secretAccessKey)
    expect(warnings[0]).not.toContain(first.sessionToken!)
    expect(inspect(again)).not.toContain(first.secretAccessKey)
  })

  it('the extension is jittered: now + 5 min + random × 5 min', async () => {
    for (const [random, minutes] of [[0, 5], [0.999, 9.995]] as const) {
      emulator.faults.clear()
      const imds = provider({ random: () => random, maxAttempts: 1 })
      await imds()
      emulator.faults.set('imds', { status: 500 })
      const left = (await imds()).expiration!.getTime() - Date.now()
      expect(Math.abs(left - minutes * 60_000)).toBeLessThan(2000)
    }
  })

  it('expired credentials from IMDS are extended the same way, with a warning', async () => {
    emulator.faults.set('imds', { credentialsExpireIn: -10 })
    const warnings: string[] = []
    const credentials = await provider({ onWarning: (message) => warnings.push(message) })()
    withinExtension(credentials.expiration)
    expect(warnings[0]).toMatch(/expired/)
  })

  it('recovers: once IMDS answers again, fresh credentials with their own expiration', async () => {
    const imds = provider()
    await imds()
    emulator.faults.set('imds', { status: 500 })
    const extendedOnes = await imds()
    emulator.faults.clear()
    const fresh = await imds()
    expect(fresh.expiration!.getTime()).toBeGreaterThan(extendedOnes.expiration!.getTime())
  })
})
