import { CredentialsNotConfiguredError, InvalidCredentialsError } from '@credkit/core'
import { startEmulator, type Emulator } from '@credkit/emulator'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makeFifo, within } from '../../test/fifo.js'
import { startOversizedBodyServer } from '../../test/oversized-body-server.js'
import { ContainerAuthorizationTokenError, ContainerCredentialsError, ContainerEndpointNotAllowedError } from '../errors.js'
import { containerCredentialsUrl, fromContainerMetadata } from './from-container-metadata.js'

const authorizationToken = 'container-auth-token-0001'
let emulator: Emulator
let directory: string
beforeAll(async () => {
  emulator = await startEmulator({ imds: false, container: { authorizationToken } })
})
afterAll(() => emulator.stop())
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'credkit-container-'))
  emulator.faults.clear()
  emulator.calls.reset()
})
afterEach(() => rm(directory, { recursive: true, force: true }))

const env = (extra: Record<string, string> = {}) => ({
  AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.containerFullUri,
  AWS_CONTAINER_AUTHORIZATION_TOKEN: authorizationToken,
  ...extra,
})

describe('fromContainerMetadata against the emulator', () => {
  it('returns the task role credentials with AccountId, printed without secrets', async () => {
    const credentials = await fromContainerMetadata({ env: env() })()
    expect(credentials.accessKeyId).toMatch(/^ASIA/)
    expect(credentials.sessionToken).toBeTruthy()
    expect(credentials.accountId).toBe(emulator.accountId)
    expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now())
    expect(inspect(credentials)).not.toContain(credentials.secretAccessKey)
    expect(JSON.stringify(credentials)).not.toContain(credentials.sessionToken!)
    expect(emulator.calls.count('container')).toBe(1)
  })

  it('AWS_CONTAINER_CREDENTIALS_FULL_URI beats AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', async () => {
    const credentials = await fromContainerMetadata({ env: env({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/nope' }) })()
    expect(credentials.accessKeyId).toBeTruthy()
    expect(containerCredentialsUrl(env({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/x' }))!.href).toBe(emulator.containerFullUri)
  })

  it('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI resolves to http://169.254.170.2 + path (fetch injected, nothing sent)', async () => {
    const relative = emulator.containerRelativeUri // a path, e.g. /v2/credentials/<id>
    expect(containerCredentialsUrl({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: relative })!.href).toBe(`http://169.254.170.2${relative}`)
    const seen: string[] = []
    const fakeFetch = (async (input: URL | RequestInfo, init?: RequestInit) => {
      seen.push(String(input))
      // Answer with what the emulator answers on its own relative path.
      return fetch(`${emulator.url}${relative}`, { headers: init?.headers ?? {} })
    }) as typeof fetch
    const credentials = await fromContainerMetadata({
      env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: relative, AWS_CONTAINER_AUTHORIZATION_TOKEN: authorizationToken },
      fetch: fakeFetch,
    })()
    expect(seen).toEqual([`http://169.254.170.2${relative}`])
    expect(credentials.accessKeyId).toBeTruthy()
  })

  it('neither URI set → CredentialsNotConfiguredError; blank counts as unset', async () => {
    await expect(fromContainerMetadata({ env: {} })()).rejects.toBeInstanceOf(CredentialsNotConfiguredError)
    await expect(fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: '  ' } })()).rejects.toBeInstanceOf(
      CredentialsNotConfiguredError,
    )
  })
})

describe('expired credentials (the AWS SDKs refuse them; only IMDS extends them, for static stability)', () => {
  it('credentials the endpoint says expired 10 s ago are an InvalidCredentialsError naming the endpoint', async () => {
    emulator.faults.set('container', { credentialsExpireIn: -10 })
    const error = await fromContainerMetadata({ env: env() })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidCredentialsError)
    const url = new URL(emulator.containerFullUri)
    expect((error as Error).message).toContain(`the container credentials endpoint ${url.origin}${url.pathname} answered credentials that expired at `)
    expect(emulator.calls.count('container')).toBe(1)
  })

  it('expired by the provider clock (now), to the millisecond: at the expiration is expired, a millisecond before is not', async () => {
    const expiration = '2099-11-23T18:00:00.000Z'
    const answering = (async () =>
      new Response(JSON.stringify({ AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'container-secret', Token: 'container-token', Expiration: expiration }))) as typeof fetch
    const at = (now: number) => fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/c' }, fetch: answering, now: () => now })()
    const error = await at(Date.parse(expiration)).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidCredentialsError)
    expect((error as Error).message).toBe(`the container credentials endpoint http://127.0.0.1:1/c answered credentials that expired at ${expiration}`)
    expect((error as Error).message).not.toMatch(/container-secret|container-token/)
    expect((await at(Date.parse(expiration) - 1)).expiration?.toISOString()).toBe(expiration)
  })
})

describe('host allowlist, checked before any request', () => {
  const allowed = [
    'http://127.0.0.1:8080/creds',
    'http://127.3.4.5/creds',
    'http://localhost/creds',
    'http://[::1]:9/creds',
    'http://169.254.170.2/v2/credentials/x',
    'http://169.254.170.23/v1/credentials',
    'http://[fd00:ec2::23]/v1/credentials',
    'https://example.com/creds',
  ]
  it.each(allowed)('allows %s', (uri) => {
    expect(containerCredentialsUrl({ AWS_CONTAINER_CREDENTIALS_FULL_URI: uri })!.href).toBe(new URL(uri).href)
  })

  const refused = [
    'http://169.254.169.254/latest/meta-data/',
    'http://example.com/creds',
    'http://10.0.0.1/creds',
    'http://169.254.170.3/creds',
    'http://[fd00:ec2::254]/creds',
    'http://128.0.0.1/creds',
    'http://user:pass@127.0.0.1/creds',
    'ftp://127.0.0.1/creds',
    'file:///etc/passwd',
    'not a url',
  ]
  it.each(refused)('refuses %s without any request', async (uri) => {
    let requests = 0
    const countingFetch = (async () => {
      requests++
      return new Response('{}')
    }) as typeof fetch
    const provider = fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri }, fetch: countingFetch })
    await expect(provider()).rejects.toBeInstanceOf(ContainerEndpointNotAllowedError)
    expect(requests).toBe(0)
  })
})

describe('authorization token', () => {
  it('AWS_CONTAINER_AUTHORIZATION_TOKEN beats AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', async () => {
    const file = join(directory, 'token')
    await writeFile(file, 'wrong-token')
    const credentials = await fromContainerMetadata({ env: env({ AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: file }) })()
    expect(credentials.accessKeyId).toBeTruthy()
  })

  it('re-reads AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE on every call', async () => {
    const file = join(directory, 'token')
    const provider = fromContainerMetadata({
      env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.containerFullUri, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: file },
    })
    await writeFile(file, `${authorizationToken}\n`)
    expect((await provider()).accessKeyId).toBeTruthy()
    await writeFile(file, 'rotated-but-wrong')
    const error = await provider().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ContainerCredentialsError)
    expect((error as ContainerCredentialsError).status).toBe(401)
    await writeFile(file, authorizationToken)
    expect((await provider()).accessKeyId).toBeTruthy()
  })

  it('an unreadable token file is a typed error', async () => {
    const provider = fromContainerMetadata({
      env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.containerFullUri, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(directory, 'missing') },
    })
    await expect(provider()).rejects.toBeInstanceOf(ContainerAuthorizationTokenError)
    expect(emulator.calls.count('container')).toBe(0)
  })

  it('a FIFO as the token file is a typed error at once, not a wait for a writer; no request', async () => {
    const file = join(directory, 'token')
    const pipe = makeFifo(file)
    try {
      const provider = fromContainerMetadata({
        env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.containerFullUri, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: file },
      })
      const outcome = await within(1000, provider().catch((error: unknown) => error))
      expect(outcome).toBeInstanceOf(ContainerAuthorizationTokenError)
      expect((outcome as Error).message).toMatch(/: a FIFO, not a regular file$/)
      expect(emulator.calls.count('container')).toBe(0)
    } finally {
      await pipe.release()
    }
  })

  it.each(['abc\r\nX-Injected: 1', 'abc\ndef', 'abc\rdef'])('refuses a token with CR or LF (%j) and never shows it', async (token) => {
    const error = await fromContainerMetadata({ env: env({ AWS_CONTAINER_AUTHORIZATION_TOKEN: token }) })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ContainerAuthorizationTokenError)
    expect((error as Error).message).not.toContain('abc')
    expect(emulator.calls.count('container')).toBe(0)
  })

  /** Every message, stack and JSON form along the error's causes. */
  const everything = (error: unknown): string => {
    const texts: string[] = []
    for (let each = error; each instanceof Error; each = each.cause) texts.push(each.message, each.stack ?? '', inspect(each), JSON.stringify(each))
    return texts.join('\n')
  }

  it.each([
    ['a NUL at the end', 'Bearer real-token-0001\0'],
    ['a NUL inside', 'Bearer real\0token-0001'],
    ['a character beyond U+00FF', 'Bearer real-token-0001\u20ac'],
    ['U+0100', 'Bearer real-token-0001\u0100'],
  ])('refuses a token with %s before any request, and never shows it', async (_, token) => {
    const error = await fromContainerMetadata({ env: env({ AWS_CONTAINER_AUTHORIZATION_TOKEN: token }) })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ContainerAuthorizationTokenError)
    expect(everything(error)).not.toContain('real')
    expect(emulator.calls.count('container')).toBe(0)
  })

  it('a token file with a NUL inside is refused, unquoted', async () => {
    const file = join(directory, 'token')
    await writeFile(file, 'real\0token-0001\n')
    const provider = fromContainerMetadata({
      env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.containerFullUri, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: file },
    })
    const error = await provider().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ContainerAuthorizationTokenError)
    expect(everything(error)).not.toContain('real')
  })

  it('a token file with CR/LF inside is refused', async () => {
    const file = join(directory, 'token')
    await writeFile(file, 'abc\ndef\n')
    const provider = fromContainerMetadata({
      env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: emulator.containerFullUri, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: file },
    })
    await expect(provider()).rejects.toBeInstanceOf(ContainerAuthorizationTokenError)
  })
})

describe('failures', () => {
  it('a 4xx answer is a typed error with its Code and Message, and no secret', async () => {
    const error = await fromContainerMetadata({ env: env({ AWS_CONTAINER_AUTHORIZATION_TOKEN: 'wrong' }) })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ContainerCredentialsError)
    expect((error as ContainerCredentialsError).status).toBe(401)
    expect((error as ContainerCredentialsError).errorCode).toBe('AccessDenied')
    expect((error as Error).message).toContain('Authorization token is invalid')
    expect((error as Error).message).not.toContain('wrong')
    expect(emulator.calls.count('container')).toBe(1)
  })

  it('a 4xx Code and Message are bounded in the error (100 and 300 characters)', async () => {
    const fakeFetch = (async () => new Response(JSON.stringify({ Code: 'C'.repeat(5000), Message: 'M'.repeat(5000) }), { status: 403 })) as typeof fetch
    const error = await fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/c' }, fetch: fakeFetch })().catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(ContainerCredentialsError)
    expect((error as ContainerCredentialsError).errorCode).toBe('C'.repeat(100))
    expect((error as Error).message.length).toBeLessThan(600)
  })

  it('malformed JSON is a typed error', async () => {
    emulator.faults.set('container', { malformed: true })
    await expect(fromContainerMetadata({ env: env() })()).rejects.toBeInstanceOf(ContainerCredentialsError)
  })

  it('JSON without the credential fields is a typed error naming them', async () => {
    const fakeFetch = (async () => new Response(JSON.stringify({ AccessKeyId: 'AKIA', Expiration: 'soon' }))) as typeof fetch
    const provider = fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/c' }, fetch: fakeFetch })
    await expect(provider()).rejects.toThrow(/without SecretAccessKey, Token/)
    const badDate = (async () =>
      new Response(JSON.stringify({ AccessKeyId: 'A', SecretAccessKey: 'S', Token: 'T', Expiration: 'tomorrow' }))) as typeof fetch
    await expect(
      fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/c' }, fetch: badDate })(),
    ).rejects.toThrow(/RFC 3339/)
  })

  it.each(['1', 'March 7, 2099', '2099-02-30T00:00:00Z', '2099-11-23T24:00:00Z', '2099-11-23 18:00:00Z', '2099-11-23T18:00:00'])(
    'an Expiration of %j is refused as not RFC 3339, the value not quoted',
    async (expiration) => {
      const answering = (async () =>
        new Response(JSON.stringify({ AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'container-secret', Token: 'container-token', Expiration: expiration }))) as typeof fetch
      const error = await fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/c' }, fetch: answering })().catch(
        (caught: unknown) => caught,
      )
      expect(error).toBeInstanceOf(ContainerCredentialsError)
      expect((error as Error).message).toBe('the container credentials endpoint http://127.0.0.1:1/c answered an Expiration that is not an RFC 3339 timestamp')
    },
  )

  it('retries 500s: three attempts, then a typed error', async () => {
    emulator.faults.set('container', { status: 500 })
    const error = await fromContainerMetadata({ env: env() })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ContainerCredentialsError)
    expect((error as ContainerCredentialsError).status).toBe(500)
    expect(emulator.calls.count('container')).toBe(3)
  })

  it('recovers when a 500 is followed by an answer', async () => {
    emulator.faults.set('container', { status: 503, times: 2 })
    expect((await fromContainerMetadata({ env: env() })()).accessKeyId).toBeTruthy()
    expect(emulator.calls.count('container')).toBe(3)
  })

  it('a dropped connection is retried, then a typed error', async () => {
    emulator.faults.set('container', { drop: true })
    await expect(fromContainerMetadata({ env: env(), maxAttempts: 2 })()).rejects.toBeInstanceOf(ContainerCredentialsError)
    expect(emulator.calls.count('container')).toBe(2)
  })

  it('a hanging endpoint is cut off by the timeout', async () => {
    emulator.faults.set('container', { latency: 5000 })
    const started = Date.now()
    const error = await fromContainerMetadata({ env: env(), timeoutMs: 100, maxAttempts: 2 })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ContainerCredentialsError)
    expect((error as Error).message).toMatch(/did not answer within 100 ms/)
    expect(Date.now() - started).toBeLessThan(4000)
  })

  it('a refused connection is a typed error', async () => {
    const provider = fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/creds' }, maxAttempts: 1 })
    await expect(provider()).rejects.toBeInstanceOf(ContainerCredentialsError)
  })
})

describe('an answer body larger than 64 KiB (a broken or rogue endpoint, over loopback HTTP)', () => {
  const stillOpenAfter = (milliseconds: number, abandoned: Promise<void>) =>
    Promise.race([abandoned.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still open'), milliseconds))])

  it('a body that never ends: reading stops past 64 KiB, the connection is dropped, a typed error before any timeout, no retry', async () => {
    const server = await startOversizedBodyServer(() => ({ endless: true }))
    try {
      const started = Date.now()
      const provider = fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/creds` }, timeoutMs: 2000, maxAttempts: 2 })
      const error = await provider().catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(ContainerCredentialsError)
      expect((error as Error).message).toMatch(/answered a body larger than 64 KiB/)
      expect(Date.now() - started).toBeLessThan(1500)
      expect(await stillOpenAfter(2000, server.abandoned)).toBe('closed')
      expect(server.requests).toEqual(['GET /creds'])
      expect(server.bytesSent()).toBeLessThan(2 * 1024 * 1024)
    } finally {
      await server.stop()
    }
  }, 10_000)

  it('a 1 MiB body with its Content-Length is refused the same way; one just under 64 KiB is read', async () => {
    const large = await startOversizedBodyServer(() => ({ bytes: 1024 * 1024 }))
    const padded = JSON.stringify({
      AccessKeyId: 'ASIAPADDED',
      SecretAccessKey: 'padded-secret',
      Token: 't'.repeat(60 * 1024),
      Expiration: new Date(Date.now() + 3600_000).toISOString(),
    })
    const nearLimit = await startOversizedBodyServer(() => padded)
    try {
      const error = await fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${large.url}/creds` } })().catch(
        (caught: unknown) => caught,
      )
      expect(error).toBeInstanceOf(ContainerCredentialsError)
      expect((error as Error).message).toMatch(/answered a body larger than 64 KiB/)
      expect(large.requests).toEqual(['GET /creds'])
      const credentials = await fromContainerMetadata({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${nearLimit.url}/creds` } })()
      expect(credentials.accessKeyId).toBe('ASIAPADDED')
    } finally {
      await Promise.all([large.stop(), nearLimit.stop()])
    }
  })
})
