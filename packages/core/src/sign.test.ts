import { createHash } from 'node:crypto'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  CredkitError,
  InvalidCredentialsError,
  InvalidSigningInputError,
  PayloadHashRequiredError,
  createSigningKeyCache,
  emptyPayloadHash,
  presign,
  sign,
  signHeaders,
  unsignablePrefixes,
  unsignedPayload,
  type Credentials,
} from './index.js'

const credentials: Credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token-value',
}
const date = new Date('2025-01-02T03:04:05Z')
const s3 = { credentials, region: 'us-east-1', service: 's3', date }
const sts = { credentials, region: 'eu-west-1', service: 'sts', date }
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

function signedHeaderNames(request: Request): string[] {
  return /SignedHeaders=([^,]+)/.exec(request.headers.get('authorization')!)![1]!.split(';')
}

describe('sign: the Authorization header', () => {
  it('adds x-amz-date, the session token and a well-formed Authorization', async () => {
    const signed = await sign(new Request('https://bucket.s3.us-east-1.amazonaws.com/key'), s3)
    expect(signed.headers.get('x-amz-date')).toBe('20250102T030405Z')
    expect(signed.headers.get('x-amz-security-token')).toBe('session-token-value')
    expect(signed.headers.get('authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20250102\/us-east-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    )
  })

  it('is deterministic for a given date, and changes with it', async () => {
    const request = () => new Request('https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity')
    const first = await sign(request(), sts)
    const again = await sign(request(), sts)
    const later = await sign(request(), { ...sts, date: new Date(date.getTime() + 1000) })
    expect(again.headers.get('authorization')).toBe(first.headers.get('authorization'))
    expect(later.headers.get('authorization')).not.toBe(first.headers.get('authorization'))
  })

  it('replaces a previous signature instead of stacking a second one', async () => {
    const once = await sign(new Request('https://example.amazonaws.com/'), sts)
    const twice = await sign(once, { ...sts, credentials: { accessKeyId: 'AKID2', secretAccessKey: 'other' } })
    expect(twice.headers.get('authorization')).toContain('Credential=AKID2/')
    expect(twice.headers.has('x-amz-security-token')).toBe(false)
    expect(signedHeaderNames(twice)).toEqual(['host', 'x-amz-date'])
  })

  it("leaves the original's headers alone and moves its body, as new Request(request) does", async () => {
    const original = new Request('https://example.amazonaws.com/', { method: 'POST', body: 'payload' })
    const signed = await sign(original, sts)
    expect(original.headers.has('authorization')).toBe(false)
    expect(original.bodyUsed).toBe(true)
    expect(await signed.text()).toBe('payload')
  })

  it("leaves the caller's headers alone without a body too, and those given with parts", async () => {
    const original = new Request('https://example.amazonaws.com/', { headers: { 'x-a': '1' } })
    expect((await sign(original, sts)).headers.has('authorization')).toBe(true)
    expect([...original.headers]).toEqual([['x-a', '1']])
    const given = new Headers({ 'x-a': '1' })
    expect((await sign({ url: 'https://example.amazonaws.com/', headers: given }, sts)).headers.has('authorization')).toBe(true)
    expect([...given]).toEqual([['x-a', '1']])
  })

  it('signs the host with its port', async () => {
    const signed = await sign(new Request('http://127.0.0.1:4569/bucket/key'), s3)
    expect(signed.headers.get('authorization')).toContain('SignedHeaders=host;')
    const other = await sign(new Request('http://127.0.0.1:4570/bucket/key'), s3)
    expect(other.headers.get('authorization')).not.toBe(signed.headers.get('authorization'))
  })
})

describe('sign: which headers are signed', () => {
  it('never signs headers that proxies and HTTP stacks change, unless opted in', async () => {
    const request = new Request('https://example.amazonaws.com/', {
      headers: {
        'user-agent': 'test',
        'x-amzn-trace-id': 'Root=1',
        'cache-control': 'no-cache',
        range: 'bytes=0-9',
        'content-type': 'application/json',
        'x-custom': 'yes',
      },
    })
    expect(signedHeaderNames(await sign(request, sts))).toEqual([
      'content-type',
      'host',
      'range',
      'x-amz-date',
      'x-amz-security-token',
      'x-custom',
    ])
    const optedIn = await sign(request, { ...sts, signHeaders: ['Cache-Control', 'authorization'] })
    expect(signedHeaderNames(optedIn)).toContain('cache-control')
    expect(signedHeaderNames(optedIn)).not.toContain('authorization')
    expect(signedHeaderNames(optedIn)).not.toContain('user-agent')
  })

  it('leaves proxy-* and sec-* headers unsigned, as the AWS SDK does, unless opted in (sign, signHeaders, presign)', async () => {
    const headers = { 'proxy-connection': 'keep-alive', 'sec-fetch-mode': 'cors', 'x-custom': 'yes' }
    const url = 'https://example.amazonaws.com/'
    expect(signedHeaderNames(await sign({ url, headers }, sts))).toEqual(['host', 'x-amz-date', 'x-amz-security-token', 'x-custom'])
    const fromHeaders = await signHeaders({ url, headers }, sts)
    expect(fromHeaders.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token;x-custom,')
    const presigned = await presign({ url, headers }, sts)
    expect(presigned.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-custom')
    const optedIn = await sign({ url, headers }, { ...sts, signHeaders: ['Proxy-Connection', 'sec-fetch-mode'] })
    expect(signedHeaderNames(optedIn)).toEqual(['host', 'proxy-connection', 'sec-fetch-mode', 'x-amz-date', 'x-amz-security-token', 'x-custom'])
  })

  it('leaves unsigned every header that starts with one of unsignablePrefixes', async () => {
    const url = 'https://example.amazonaws.com/'
    for (const prefix of unsignablePrefixes) {
      expect(signedHeaderNames(await sign({ url, headers: { [`${prefix}x`]: 'y' } }, sts))).not.toContain(`${prefix}x`)
    }
    expect(unsignablePrefixes).toEqual(['proxy-', 'sec-'])
  })

  it('can leave the session token out of the signature and still send it', async () => {
    const signed = await sign(new Request('https://example.amazonaws.com/'), { ...sts, unsignedSessionToken: true })
    expect(signed.headers.get('x-amz-security-token')).toBe('session-token-value')
    expect(signedHeaderNames(signed)).not.toContain('x-amz-security-token')
  })
})

describe('sign: S3 rules', () => {
  it('sends x-amz-content-sha256 with the payload hash, or UNSIGNED-PAYLOAD when asked', async () => {
    const get = await sign(new Request('https://bucket.s3.amazonaws.com/key'), s3)
    expect(get.headers.get('x-amz-content-sha256')).toBe(emptyPayloadHash)
    const put = await sign(new Request('https://bucket.s3.amazonaws.com/key', { method: 'PUT', body: 'hello' }), s3)
    expect(put.headers.get('x-amz-content-sha256')).toBe(sha256('hello'))
    const unsigned = await sign(new Request('https://bucket.s3.amazonaws.com/key', { method: 'PUT', body: 'hello' }), {
      ...s3,
      unsignedPayload: true,
    })
    expect(unsigned.headers.get('x-amz-content-sha256')).toBe(unsignedPayload)
    expect(await unsigned.text()).toBe('hello')
  })

  it('does not send x-amz-content-sha256 to other services unless asked', async () => {
    const plain = await sign(new Request('https://example.amazonaws.com/'), sts)
    expect(plain.headers.has('x-amz-content-sha256')).toBe(false)
    const asked = await sign(new Request('https://example.amazonaws.com/'), { ...sts, contentSha256Header: true })
    expect(asked.headers.get('x-amz-content-sha256')).toBe(emptyPayloadHash)
  })

  it('keeps S3 paths as they are: repeated slashes are part of the key', async () => {
    const doubled = await sign(new Request('https://bucket.s3.amazonaws.com/a//b'), s3)
    const single = await sign(new Request('https://bucket.s3.amazonaws.com/a/b'), s3)
    expect(doubled.headers.get('authorization')).not.toBe(single.headers.get('authorization'))
    // …whereas other services normalise them away.
    const stsDoubled = await sign(new Request('https://example.amazonaws.com/a//b'), sts)
    const stsSingle = await sign(new Request('https://example.amazonaws.com/a/b'), sts)
    expect(stsDoubled.headers.get('authorization')).toBe(stsSingle.headers.get('authorization'))
  })

  it('encodes S3 keys once, whichever escapes the URL used', async () => {
    const raw = await sign(new Request("https://bucket.s3.amazonaws.com/it's (1)!"), s3)
    const escaped = await sign(new Request('https://bucket.s3.amazonaws.com/it%27s%20%281%29%21'), s3)
    expect(raw.headers.get('authorization')).toBe(escaped.headers.get('authorization'))
  })

  // The AWS SDK's S3 endpoint rules turn double encoding off for each of these signing names;
  // s3-object-lambda is what createSignedFetch infers for an Object Lambda access point (found in review).
  it.each(['s3', 's3-outposts', 's3express', 's3-object-lambda'])('applies them to the signing name %s', async (service) => {
    const url = "https://ap-111122223333.example.amazonaws.com/a//it's%20(1)/../b"
    const signed = await sign(new Request(url), { ...s3, service })
    const explicit = await sign(new Request(url), { ...s3, service, normalizePath: false, doubleEncodePath: false, contentSha256Header: true })
    expect(signed.headers.get('x-amz-content-sha256')).toBe(emptyPayloadHash)
    expect(signed.headers.get('authorization')).toBe(explicit.headers.get('authorization'))
  })
})

describe('sign: bodies', () => {
  const url = 'https://bucket.s3.amazonaws.com/key'
  const bytes = new Uint8Array([0, 1, 2, 250, 251, 252])

  it.each([
    ['a string', (): BodyInit => 'héllo wörld', () => sha256('héllo wörld')],
    ['an ArrayBuffer', () => bytes.slice().buffer, () => sha256(bytes)],
    ['a view into a larger buffer', () => new Uint8Array([9, 9, ...bytes, 9]).subarray(2, 8), () => sha256(bytes)],
    ['a DataView', () => new DataView(bytes.slice().buffer), () => sha256(bytes)],
    ['a Blob', () => new Blob([bytes]), () => sha256(bytes)],
    ['URLSearchParams', () => new URLSearchParams({ a: '1 2', b: 'ü' }), () => sha256('a=1+2&b=%C3%BC')],
  ] as const)('hashes %s, from a Request or from parts, and still sends it', async (_, body, expected) => {
    const fromRequest = await sign(new Request(url, { method: 'PUT', body: body() }), s3)
    const fromParts = await sign({ url, method: 'PUT', body: body() }, s3)
    for (const signed of [fromRequest, fromParts]) {
      expect(signed.headers.get('x-amz-content-sha256')).toBe(expected())
      expect(sha256(new Uint8Array(await signed.arrayBuffer()))).toBe(expected())
    }
  })

  it('hashes FormData exactly as it will be sent, boundary included', async () => {
    const form = new FormData()
    form.set('field', 'value')
    form.set('file', new Blob(['content'], { type: 'text/plain' }), 'a.txt')
    const signed = await sign({ url, method: 'POST', body: form }, s3)
    const sent = new Uint8Array(await signed.clone().arrayBuffer())
    expect(signed.headers.get('x-amz-content-sha256')).toBe(sha256(sent))
    expect(signed.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/)
    expect(signedHeaderNames(signed)).toContain('content-type')
  })

  function countingStream(chunks: string[]) {
    const state = { pulls: 0 }
    const encoder = new TextEncoder()
    const stream = new ReadableStream<Uint8Array>({
      pull(controller): void {
        const chunk = chunks[state.pulls++]
        if (chunk === undefined) controller.close()
        else controller.enqueue(encoder.encode(chunk))
      },
    })
    return { stream, state }
  }

  it('never reads a ReadableStream body: S3 gets UNSIGNED-PAYLOAD and the request still streams', async () => {
    const chunks = Array.from({ length: 100 }, (_, index) => `chunk ${index};`)
    const { stream, state } = countingStream(chunks)
    const signed = await sign({ url, method: 'PUT', body: stream }, s3)
    expect(signed.headers.get('x-amz-content-sha256')).toBe(unsignedPayload)
    // The stream's own start-up pull and the HTTP stack's buffering may take a chunk or two;
    // hashing would have taken all hundred.
    expect(state.pulls).toBeLessThan(5)
    expect(await signed.text()).toBe(chunks.join(''))
  })

  it('asks for a payload hash when another service gets a stream', async () => {
    const { stream } = countingStream(['data'])
    const error = await sign({ url: 'https://example.amazonaws.com/', method: 'POST', body: stream }, sts).catch((e) => e)
    expect(error).toBeInstanceOf(PayloadHashRequiredError)
    expect(error.code).toBe('ERR_PAYLOAD_HASH_REQUIRED')
    const hash = sha256('data')
    const signed = await sign(
      { url: 'https://example.amazonaws.com/', method: 'POST', body: countingStream(['data']).stream },
      { ...sts, payloadHash: hash },
    )
    expect(await signed.text()).toBe('data')
  })

  it('rejects a payload hash that is not one', async () => {
    await expect(sign(new Request(url), { ...s3, payloadHash: 'abc' })).rejects.toBeInstanceOf(InvalidSigningInputError)
  })
})

describe('sign: parts and a Request sign alike', () => {
  const url = 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/items?b=2&a=1'
  const same = async (init: RequestInit & { method?: string }) => {
    const fromRequest = await sign(new Request(url, init), sts)
    const fromParts = await sign({ url, ...init } as Parameters<typeof sign>[0], sts)
    expect(fromParts.headers.get('authorization')).toBe(fromRequest.headers.get('authorization'))
    expect([...fromParts.headers]).toEqual([...fromRequest.headers])
    expect(fromParts.method).toBe(fromRequest.method)
    expect(new Uint8Array(await fromParts.arrayBuffer())).toEqual(new Uint8Array(await fromRequest.arrayBuffer()))
    return fromParts
  }

  it.each([
    ['no body, a lower-case method', { method: 'delete' }],
    ['a string body without a content type (fetch adds text/plain, and it is signed)', { method: 'POST', body: 'héllo' }],
    ['a string body with a content type in another case', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }],
    ['bytes', { method: 'PUT', body: new Uint8Array([0, 1, 255]) }],
    ['repeated and spaced headers', { headers: [['X-Thing', ' a  b '], ['x-thing', 'c']] as [string, string][] }],
    ['a Headers object', { headers: new Headers({ 'x-custom': 'v', 'user-agent': 'ua' }) }],
  ] as const)('%s', async (_, init) => {
    await same(init as RequestInit)
  })

  it('signs the content type fetch gives a string body', async () => {
    const signed = await same({ method: 'POST', body: 'x' })
    expect(signed.headers.get('content-type')).toBe('text/plain;charset=UTF-8')
    expect(signedHeaderNames(signed)).toContain('content-type')
  })

  it('signs every set-cookie of a Request, as AWS joins the lines Bun and Deno send', async () => {
    const headers = new Headers([['set-cookie', 'a=1'], ['set-cookie', 'b=2']])
    const signed = await sign(new Request(url, { headers }), sts)
    expect(signed.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    // SigV4 signs a repeated header as one value, joined by commas (the suite's get-header-key-duplicate).
    const joined = await sign({ url, headers: { 'set-cookie': 'a=1,b=2' } }, sts)
    expect(signed.headers.get('authorization')).toBe(joined.headers.get('authorization'))
  })

  it('replaces the signature and token of headers signed before', async () => {
    const first = await sign({ url }, sts)
    const again = await sign({ url, headers: first.headers }, { ...sts, credentials: { ...credentials, sessionToken: 'other' } })
    expect(again.headers.get('x-amz-security-token')).toBe('other')
    expect(again.headers.get('authorization')).not.toBe(first.headers.get('authorization'))
    expect(again.headers.get('authorization')).toBe((await sign({ url }, { ...sts, credentials: { ...credentials, sessionToken: 'other' } })).headers.get('authorization'))
  })

  it.each([
    ['a header name fetch refuses', { url, headers: { 'bad name': 'x' } }],
    ['a URL with credentials in it', { url: 'https://user:secret@example.amazonaws.com/' }],
    ['a HEAD with a body', { url, method: 'HEAD', body: 'x' }],
  ])('gives a typed error for %s', async (_, parts) => {
    const error = await sign(parts, sts).catch((e) => e)
    expect(error).toBeInstanceOf(InvalidSigningInputError)
    expect(error.message).toMatch(/^bad request: /)
    expect(inspect(error, { depth: 5 })).not.toContain('secret')
  })

  it('leaves a password in the URL out of the error, its cause included', async () => {
    for (const url of ['https://user:secret@exa mple.com/', 'https://user:secret@example.amazonaws.com/']) {
      const error = await sign({ url }, sts).catch((e) => e)
      expect(error).toBeInstanceOf(InvalidSigningInputError)
      expect(inspect(error, { depth: 5 })).not.toContain('secret')
      expect(error.message).toContain('//…@')
    }
  })
})

describe('sign: credentials', () => {
  it('calls a provider once per signing', async () => {
    let calls = 0
    const provider = async () => {
      calls++
      return credentials
    }
    await sign(new Request('https://example.amazonaws.com/'), { ...sts, credentials: provider })
    await sign(new Request('https://example.amazonaws.com/'), { ...sts, credentials: provider })
    expect(calls).toBe(2)
  })

  it('refuses expired credentials with a typed error that names the key, not the secret', async () => {
    const expired = { ...credentials, expiration: new Date(date.getTime() - 1) }
    const error = await sign(new Request('https://example.amazonaws.com/'), { ...sts, credentials: expired }).catch((e) => e)
    expect(error).toBeInstanceOf(InvalidCredentialsError)
    expect(error.message).toContain('AKIDEXAMPLE')
    for (const text of [error.message, String(error), JSON.stringify(error), inspect(error)]) {
      expect(text).not.toContain(credentials.secretAccessKey)
      expect(text).not.toContain(credentials.sessionToken)
    }
  })

  it.each([
    ['missing', undefined],
    ['empty secret', { accessKeyId: 'AKID', secretAccessKey: '' }],
    ['a provider that returns nothing', async () => undefined],
  ])('rejects %s credentials with InvalidCredentialsError', async (_, bad) => {
    await expect(
      sign(new Request('https://example.amazonaws.com/'), { ...sts, credentials: bad as unknown as Credentials }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError)
  })

  it('passes a provider failure through unchanged', async () => {
    const failure = new Error('provider down')
    const provider = async (): Promise<Credentials> => {
      throw failure
    }
    await expect(sign(new Request('https://example.amazonaws.com/'), { ...sts, credentials: provider })).rejects.toBe(failure)
  })
})

describe('sign: bad input gets a typed error', () => {
  it.each([
    ['a relative URL', () => sign({ url: '/relative' }, sts)],
    ['a region with a slash', () => sign(new Request('https://example.amazonaws.com/'), { ...sts, region: 'us/east' })],
    ['an empty service', () => sign(new Request('https://example.amazonaws.com/'), { ...sts, service: '' })],
    ['an invalid date', () => sign(new Request('https://example.amazonaws.com/'), { ...sts, date: new Date('nope') })],
    ['a GET with a body', () => sign({ url: 'https://example.amazonaws.com/', method: 'GET', body: 'x' }, sts)],
    ['no input', () => sign(undefined as unknown as Request, sts)],
  ])('%s', async (_, attempt) => {
    const error = await attempt().catch((e) => e)
    expect(error).toBeInstanceOf(CredkitError)
    expect(error.code).toMatch(/^ERR_/)
  })
})

describe('signing-key cache', () => {
  it('is bounded, keyed without the secret, and never reuses a key across secrets', async () => {
    const cache = createSigningKeyCache({ maxEntries: 3 })
    const request = () => new Request('https://example.amazonaws.com/')
    for (const region of ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'us-east-2']) {
      await sign(request(), { ...sts, region, cache })
    }
    expect(cache.entries.size).toBe(3)
    for (const key of cache.entries.keys()) expect(key).not.toContain(credentials.secretAccessKey)

    const sameKeyIdOtherSecret = { ...credentials, secretAccessKey: 'a-different-secret' }
    const first = await sign(request(), { ...sts, cache })
    const second = await sign(request(), { ...sts, credentials: sameKeyIdOtherSecret, cache })
    const fresh = await sign(request(), { ...sts, credentials: sameKeyIdOtherSecret, cache: createSigningKeyCache() })
    expect(second.headers.get('authorization')).not.toBe(first.headers.get('authorization'))
    expect(second.headers.get('authorization')).toBe(fresh.headers.get('authorization'))
  })
  it('gives each scope and secret its own key when one credentials value signs again and again', async () => {
    const cache = createSigningKeyCache()
    const value = { ...credentials }
    const authorization = async (region: string, keyCache = cache) =>
      (await sign(new Request('https://example.amazonaws.com/'), { ...sts, credentials: value, region, cache: keyCache })).headers.get('authorization')
    const expected = async (region: string) => authorization(region, createSigningKeyCache())
    for (const region of ['eu-west-1', 'eu-west-1', 'us-east-2', 'eu-west-1', 'us-east-2']) {
      expect(await authorization(region)).toBe(await expected(region))
    }
    // A caller that changes the secret on the same object gets a key derived from the new one.
    const before = await authorization('eu-west-1')
    value.secretAccessKey = 'a-different-secret'
    const after = await authorization('eu-west-1')
    expect(after).not.toBe(before)
    expect(after).toBe(await expected('eu-west-1'))
  })
})
