// Bad input to each signing entry point: a typed error that says what was wrong, and nothing
// secret in it (the secret, the session token, a URL's password), whatever the input's shape.
import { createHash } from 'node:crypto'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import * as core from './index.js'
import {
  CredkitError,
  InvalidCredentialsError,
  InvalidSigningInputError,
  PayloadHashRequiredError,
  createSignature,
  createSignedFetch,
  createSigner,
  createSigningKeyCache,
  defaultCrypto,
  presign,
  sign,
  signHeaders,
  unsignedPayload,
} from './index.js'

const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
const token = 'FwoGZXIvYXdzEXAMPLETOKENfwoGZXIvYXdz'
const password = 'hunter2'
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret, sessionToken: token }
const date = new Date('2025-01-02T03:04:05Z')
const options = { credentials, region: 'us-east-1', service: 'execute-api', date }
const url = 'https://abc.execute-api.us-east-1.amazonaws.com/prod/items'
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

type Parts = { url: unknown; method?: unknown; headers?: unknown; body?: unknown }
const entryPoints: [string, (parts: Parts, options: unknown) => Promise<unknown>][] = [
  ['sign', (parts, options) => sign(parts as never, options as never)],
  ['presign', (parts, options) => presign(parts as never, options as never)],
  ['signHeaders', (parts, options) => signHeaders(parts as never, options as never)],
]
// Parts only, which credkit reads itself: a Request's headers were checked by fetch already.
const partsReaders = entryPoints.filter(([name]) => name != 'sign')

/** The error the attempt fails with, after checking it is typed and quotes nothing secret. */
async function failure(attempt: () => Promise<unknown>): Promise<CredkitError & { cause?: unknown }> {
  const error = await attempt().then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(CredkitError)
  const everything = `${inspect(error, { depth: 10 })} ${JSON.stringify(error)} ${String((error as Error).cause)}`
  for (const hidden of [secret, token, password]) expect(everything).not.toContain(hidden)
  return error as CredkitError
}

describe.each(entryPoints)('%s: credentials a request cannot carry', (_, signWith) => {
  it.each([
    ['a session token ending in a newline', { sessionToken: token + '\n' }],
    ['a session token with a line break inside', { sessionToken: token + '\nX' }],
    ['a session token with a NUL', { sessionToken: token + '\0' }],
    ['a session token with a space', { sessionToken: token + ' x' }],
    ['a session token beyond ASCII', { sessionToken: token + 'é' }],
    ['a session token that is not a string', { sessionToken: { token } }],
    ['an access key id with a line break', { accessKeyId: 'AKID\nEXAMPLE' }],
    ['an access key id beyond ASCII', { accessKeyId: 'ÄKIDEXAMPLE' }],
    ['an access key id that is a number', { accessKeyId: 5 }],
    ['an expiration that is a string', { expiration: '2099-01-01T00:00:00Z' }],
    ['an expiration that is an invalid Date', { expiration: new Date(Number.NaN) }],
  ])('%s', async (_, change) => {
    const error = await failure(() => signWith({ url }, { ...options, credentials: { ...credentials, ...change } }))
    expect(error).toBeInstanceOf(InvalidCredentialsError)
  })
})

describe('credentials checked once per value', () => {
  it('checks again when the same credentials object is given another token or key id', async () => {
    const mutable: Record<string, unknown> = { ...credentials }
    await signHeaders({ url }, { ...options, credentials: mutable as never })
    mutable.sessionToken = token + '\n'
    expect(await failure(() => signHeaders({ url }, { ...options, credentials: mutable as never }))).toBeInstanceOf(InvalidCredentialsError)
    mutable.sessionToken = token
    await signHeaders({ url }, { ...options, credentials: mutable as never })
    mutable.accessKeyId = 'AKID EXAMPLE'
    expect(await failure(() => signHeaders({ url }, { ...options, credentials: mutable as never }))).toBeInstanceOf(InvalidCredentialsError)
    delete mutable.accessKeyId
    expect(await failure(() => signHeaders({ url }, { ...options, credentials: mutable as never }))).toBeInstanceOf(InvalidCredentialsError)
  })

  it('refuses a secret without an access key id the first time it is seen', async () => {
    const keyless = { secretAccessKey: secret }
    expect(await failure(() => signHeaders({ url }, { ...options, credentials: keyless as never }))).toBeInstanceOf(InvalidCredentialsError)
  })
})

describe.each(entryPoints)('%s: a URL with a password', (_, signWith) => {
  it.each([
    ['a space in the password', `https://user:${password} x@example.com:99999/`],
    ['a # in the password', `https://user:${password}#x@example.com/`],
    ['a / in the password', `https://user:${password}/x@example.com/`],
    ['the password past the first 100 characters', `https://user:${'S'.repeat(95)}${password}@example.com:99999/`],
    ['a URL that parses', `https://user:${password}@abc.execute-api.us-east-1.amazonaws.com/`],
  ])('%s', async (_, withPassword) => {
    const error = await failure(() => signWith({ url: withPassword }, options))
    expect(error).toBeInstanceOf(InvalidSigningInputError)
  })
})

describe.each(entryPoints)('%s: arguments and options of the wrong kind', (name, signWith) => {
  it.each([
    ['no options', () => signWith({ url }, undefined)],
    ['no request', () => signWith(undefined as never, options)],
    ['a null request', () => signWith(null as never, options)],
    ['a Symbol as region', () => signWith({ url }, { ...options, region: Symbol('r') })],
    ['a Symbol as service', () => signWith({ url }, { ...options, service: Symbol('s') })],
    ['a Symbol as date', () => signWith({ url }, { ...options, date: Symbol('d') })],
    ['a BigInt as date', () => signWith({ url }, { ...options, date: 1n })],
    ['a date past 9999', () => signWith({ url }, { ...options, date: new Date(Date.UTC(10000, 0, 1)) })],
    ['a Symbol as payloadHash', () => signWith({ url }, { ...options, payloadHash: Symbol('h') })],
    ['signHeaders as a string', () => signWith({ url, headers: { 'user-agent': 'x' } }, { ...options, signHeaders: 'user-agent' })],
    ['signHeaders as an object', () => signWith({ url }, { ...options, signHeaders: {} })],
    ['signHeaders holding a number', () => signWith({ url }, { ...options, signHeaders: [5] })],
    ['a Symbol as method', () => signWith({ url, method: Symbol('m') }, options)],
    ['a method with a space', () => signWith({ url, method: 'GE T' }, options)],
  ])('%s', async (_, attempt) => {
    await failure(attempt)
  })

  it('gives a typed error for no options through createSigner too', async () => {
    const signer = createSigner(undefined as never)
    await failure(() => (name == 'presign' ? signer.presign({ url }) : signer.sign({ url })))
  })
})

describe('presign: options of the wrong kind', () => {
  it('gives a typed error for a Symbol as expiresIn', async () => {
    await failure(() => presign({ url }, { ...options, expiresIn: Symbol('e') as never }))
  })
})

describe('signing-key cache size', () => {
  it.each([Number.NaN, 'x', -1, 1.5])('refuses %s entries rather than grow without bound', async (maxEntries) => {
    await failure(async () => createSigningKeyCache({ maxEntries: maxEntries as number }))
    await failure(async () => createSigner({ ...options, maxCachedKeys: maxEntries as number }))
  })
})

describe.each(partsReaders)('%s: headers fetch would refuse', (_, signWith) => {
  it.each([
    ['a string', 'abc'],
    ['a number', 5],
    ['a pair with a number as name', [[5, 'x']]],
    ['a pair without a value', [['x-a']]],
    ['a null entry', [null]],
    ['an undefined value', [['x-a', undefined]]],
    ['an object as value', [['x-a', {}]]],
    ['a name with a space', [['bad name', 'x']]],
    ['an empty name', [['', 'x']]],
    ['a value with a line break', [['x-a', 'a\r\nx-injected: 1']]],
    ['a value with a NUL', [['x-a', 'a\0b']]],
    ['a value beyond Latin-1', [['x-a', 'ā']]],
  ])('%s', async (_, headers) => {
    const error = await failure(() => signWith({ url, headers }, options))
    expect(error).toBeInstanceOf(InvalidSigningInputError)
  })

  it('names the header whose value is refused, and never quotes the value', async () => {
    const error = await failure(() => signWith({ url, headers: { 'x-api-key': `${password}\n` } }, options))
    expect(error.message).toContain('x-api-key')
  })

  it('joins a repeated header with a long run of inner spaces without backtracking', async () => {
    const long = `x${' '.repeat(200_000)}y`
    const headers = [
      ['x-a', 'b'],
      ['x-a', long],
    ]
    await expect(signWith({ url, headers }, options)).resolves.toBeDefined()
  })
})

describe.each([
  ['sign', (headers: Record<string, string>) => sign({ url, headers }, options)],
  // Loopback, though fetch refuses the header before anything is sent.
  ['createSignedFetch', (headers: Record<string, string>) => createSignedFetch({ credentials, region: 'us-east-1', service: 'execute-api' })('http://127.0.0.1:1/', { headers })],
])('%s: a header fetch refuses', (_, send) => {
  // fetch's own message quotes the value (Node: `Headers.append: "…" is an invalid header value.`),
  // and a header value may be a secret of the caller's (an API key).
  it.each([
    ['a value with a NUL', { 'x-api-key': `${password}\0` }],
    ['a value with a line break inside', { 'x-api-key': `a\n${password}` }],
    ['a value with quotes in it', { 'x-api-key': `"a"${password}"\0` }],
  ])('%s: an InvalidSigningInputError that never quotes the value', async (_, headers) => {
    const error = await failure(() => send(headers))
    expect(error).toBeInstanceOf(InvalidSigningInputError)
  })
})

describe('signHeaders: bodies', () => {
  const bytes = new TextEncoder().encode('hello, body')
  const hashOf = async (body: unknown, service = 'execute-api') =>
    (await signHeaders({ url, method: 'POST', body: body as never }, { ...options, service, contentSha256Header: true }))['x-amz-content-sha256']

  it('hashes an ArrayBuffer and any view of one as the bytes they hold', async () => {
    const padded = new Uint8Array(bytes.length + 4)
    padded.set(bytes, 2)
    for (const body of [bytes.slice().buffer, new DataView(padded.buffer, 2, bytes.length), new Uint8Array(padded.buffer, 2, bytes.length)]) {
      expect(await hashOf(body)).toBe(sha256(bytes))
    }
    expect(await hashOf(new Uint16Array(bytes.slice(0, 10).buffer))).toBe(sha256(bytes.slice(0, 10)))
  })

  it.each([
    ['a Blob', new Blob(['x'])],
    ['FormData', new FormData()],
    ['URLSearchParams', new URLSearchParams('a=1')],
    ['a number', 5],
    ['an array', [1, 2]],
  ])('refuses %s, which it cannot hash as sent, rather than sign it as empty', async (_, body) => {
    const error = await failure(() => hashOf(body))
    expect(error).toBeInstanceOf(InvalidSigningInputError)
    expect(error.message).toMatch(/payloadHash/)
  })

  it('never reads a stream: UNSIGNED-PAYLOAD for S3, PayloadHashRequiredError elsewhere', async () => {
    const stream = () => new ReadableStream({ pull: () => expect.unreachable('the stream was read') })
    expect(await hashOf(stream(), 's3')).toBe(unsignedPayload)
    expect(await failure(() => hashOf(stream()))).toBeInstanceOf(PayloadHashRequiredError)
  })

  it('takes any body when the caller gives its hash', async () => {
    const hash = sha256('streamed elsewhere')
    const signed = await signHeaders({ url, method: 'PUT', body: new Blob(['x']) as never }, { ...options, payloadHash: hash, contentSha256Header: true })
    expect(signed['x-amz-content-sha256']).toBe(hash)
  })
})

describe('signHeaders: host', () => {
  it('signs the URL’s host and returns none, even when the headers name another', async () => {
    const signed = await signHeaders({ url, headers: { host: 'evil.example' } }, options)
    expect(Object.keys(signed)).not.toContain('host')
    expect(signed.authorization).toBe((await signHeaders({ url }, options)).authorization)
  })
})

describe('sign: parts given as a class with getters', () => {
  it('sends and signs the method, headers and body the getters give', async () => {
    class Upload {
      readonly url = url
      get method() {
        return 'PUT'
      }
      get headers() {
        return { 'x-custom': '1' }
      }
      get body() {
        return 'payload-bytes'
      }
    }
    const signed = await sign(new Upload(), { ...options, contentSha256Header: true })
    expect(signed.method).toBe('PUT')
    expect(signed.headers.get('x-custom')).toBe('1')
    expect(await signed.text()).toBe('payload-bytes')
    expect(signed.headers.get('x-amz-content-sha256')).toBe(sha256('payload-bytes'))
    const plain = await sign({ url, method: 'PUT', headers: { 'x-custom': '1' }, body: 'payload-bytes' }, { ...options, contentSha256Header: true })
    expect(signed.headers.get('authorization')).toBe(plain.headers.get('authorization'))
  })
})

describe('createSignature: input of the wrong shape', () => {
  const input = {
    method: 'GET',
    path: '/',
    query: '',
    headers: [['host', 'example.amazonaws.com']] as [string, string][],
    payloadHash: unsignedPayload,
    datetime: '20250102T030405Z',
    region: 'us-east-1',
    service: 'execute-api',
    credentials,
    normalizePath: true,
    doubleEncodePath: true,
    crypto: defaultCrypto(),
    cache: createSigningKeyCache(),
  }

  it('signs what it is given', async () => {
    expect((await createSignature(input)).signature).toMatch(/^[\da-f]{64}$/)
  })

  it.each([
    ['no headers', { headers: undefined }],
    ['a query pair that is not well-formed Unicode', { query: [['\ud800', 'x']] }],
    ['a path that is not well-formed Unicode', { path: '/\ud800' }],
  ])('%s', async (_, change) => {
    const error = await failure(() => createSignature({ ...input, ...change } as never))
    expect(error).toBeInstanceOf(InvalidSigningInputError)
    expect(error.message).toMatch(/^createSignature: /)
  })
})

describe('the exported signing steps: input of the wrong shape', () => {
  const crypto = defaultCrypto()
  // Each step with good input (its result checked) and bad input (the error that names it).
  const cases: [string, () => unknown, (result: unknown) => void, () => unknown][] = [
    ['canonicalPath', () => core.canonicalPath('/a b', { normalize: false, doubleEncode: false }), (path) => expect(path).toBe('/a%20b'), () => core.canonicalPath(undefined as never, { normalize: true, doubleEncode: true })],
    ['canonicalPath', () => core.canonicalPath('/a', { normalize: true, doubleEncode: true }), (path) => expect(path).toBe('/a'), () => core.canonicalPath('/\ud800', { normalize: false, doubleEncode: true })],
    ['canonicalQuery', () => core.canonicalQuery('?b=2&a=1'), (query) => expect(query).toBe('a=1&b=2'), () => core.canonicalQuery([['\ud800', 'x']])],
    ['canonicalHeaders', () => core.canonicalHeaders([['Host', 'a']]).canonical, (block) => expect(block).toBe('host:a\n'), () => core.canonicalHeaders(42 as never)],
    ['createCanonicalRequest', () => core.createCanonicalRequest({ method: 'GET', path: '/', query: '', headers: core.canonicalHeaders([['host', 'a']]), payloadHash: unsignedPayload }), (request) => expect(request).toContain('host:a'), () => core.createCanonicalRequest(undefined as never)],
    ['createCredentialScope', () => core.createCredentialScope('20250102T030405Z', 'us-east-1', 's3'), (scope) => expect(scope).toBe('20250102/us-east-1/s3/aws4_request'), () => core.createCredentialScope(undefined as never, 'us-east-1', 's3')],
    ['createStringToSign', () => core.createStringToSign('20250102T030405Z', 'scope', 'hash'), (text) => expect(text).toBe('AWS4-HMAC-SHA256\n20250102T030405Z\nscope\nhash'), () => core.createStringToSign(Symbol() as never, 'scope', 'hash')],
    ['toAmzDate', () => core.toAmzDate(date), (text) => expect(text).toBe('20250102T030405Z'), () => core.toAmzDate(new Date(NaN))],
    ['toAmzDate', () => core.toAmzDate(date), (text) => expect(text).toBe('20250102T030405Z'), () => core.toAmzDate('2025-01-02' as never)],
  ]

  it.each(cases)('%s: a typed error that names the step', async (step, good, check, bad) => {
    check(good())
    const error = await failure(async () => bad())
    expect(error).toBeInstanceOf(InvalidSigningInputError)
    expect(error.message).toMatch(new RegExp(`^${step}: `))
  })

  it('deriveSigningKey: a secret, date, region or service that is not a string is an error, not a key', async () => {
    for (const args of [[undefined, '20250102', 'us-east-1', 's3'], [{}, '20250102', 'us-east-1', 's3'], [secret, 20250102, 'us-east-1', 's3']]) {
      const error = await failure(() => core.deriveSigningKey(crypto, ...(args as [string, string, string, string])) as Promise<unknown>)
      expect(error.message).toMatch(/^deriveSigningKey: .* must be strings$/)
    }
  })

  it('deriveSigningKey: a failing backend is the cause, and its message, which may quote the key, is not repeated', async () => {
    const quoting = { ...crypto, hmacKey: (key: string | Uint8Array) => Promise.reject(new Error(`cannot import ${String(key)}`)) }
    const error: unknown = await core.deriveSigningKey(quoting as never, secret, '20250102', 'us-east-1', 's3').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InvalidSigningInputError)
    expect((error as Error).message).toBe('deriveSigningKey: the crypto backend failed (see cause)')
    expect(((error as Error).cause as Error).message).toContain(secret)
  })

  it('deriveSigningKey: a rejected promise of a typed error, and never the secret in it', async () => {
    const key = await core.deriveSigningKey(crypto, secret, '20250102', 'us-east-1', 's3')
    expect(await crypto.hmac(key, 'x')).toHaveLength(32)
    const error = await failure(() => core.deriveSigningKey(undefined as never, secret, '20250102', 'us-east-1', 's3') as Promise<unknown>)
    expect(error.message).toMatch(/^deriveSigningKey: /)
  })
})

describe('a Request whose body a reader holds', () => {
  it.each([
    ['sign', (request: Request) => sign(request, options)],
    ['presign', (request: Request) => presign(request, options)],
  ])('%s: an InvalidSigningInputError, not fetch’s TypeError, and the reader keeps the body (found in review)', async (_, signWith) => {
    const request = new Request(url, { method: 'PUT', body: 'payload' })
    const reader = request.body!.getReader()
    const error = await failure(() => signWith(request))
    expect(error).toBeInstanceOf(InvalidSigningInputError)
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('payload')
  })
})
