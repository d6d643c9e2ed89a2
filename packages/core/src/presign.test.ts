import { describe, expect, it } from 'vitest'
import { InvalidSigningInputError, PresignExpiryError, createSignature, createSigningKeyCache, defaultCrypto, presign, unsignedPayload } from './index.js'

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'token/with+reserved=chars',
}
const date = new Date('2025-01-02T03:04:05Z')
const s3 = { credentials, region: 'us-east-1', service: 's3', date }
const object = () => new Request('https://bucket.s3.us-east-1.amazonaws.com/photos/cat%20one.jpg?versionId=3')

/**
 * The signature steps S3 goes through for a presigned URL: its query without the signature (given
 * with its leading ?, since URLSearchParams drops one), its host, UNSIGNED-PAYLOAD.
 */
const recompute = (url: URL) =>
  createSignature({
    method: 'GET',
    path: url.pathname,
    query: url.search.replace(/&X-Amz-Signature=[0-9a-f]+/, ''),
    headers: [['host', url.host]],
    payloadHash: unsignedPayload,
    datetime: '20250102T030405Z',
    region: 'us-east-1',
    service: 's3',
    credentials,
    normalizePath: false,
    doubleEncodePath: false,
    crypto: defaultCrypto(),
    cache: createSigningKeyCache(),
  })

describe('presign', () => {
  it('puts every SigV4 parameter in the query and keeps the existing ones', async () => {
    const url = await presign(object(), s3)
    expect(url.pathname).toBe('/photos/cat%20one.jpg')
    expect(url.searchParams.get('versionId')).toBe('3')
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256')
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20250102/us-east-1/s3/aws4_request')
    expect(url.searchParams.get('X-Amz-Date')).toBe('20250102T030405Z')
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600')
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host')
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(credentials.sessionToken)
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/)
  })

  it('signs what S3 will recompute: UNSIGNED-PAYLOAD and the query without the signature', async () => {
    const url = await presign(object(), s3)
    expect((await recompute(url)).signature).toBe(url.searchParams.get('X-Amz-Signature'))
  })

  it('signs the headers on the request, which the caller must then send', async () => {
    const request = new Request(object(), { headers: { 'content-type': 'image/jpeg', 'user-agent': 'x' } })
    const url = await presign(request, s3)
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host')
  })

  it('accepts the full seven days and nothing beyond', async () => {
    expect((await presign(object(), { ...s3, expiresIn: 604800 })).searchParams.get('X-Amz-Expires')).toBe('604800')
    for (const expiresIn of [604801, 0, -5, 1.5, Number.NaN]) {
      await expect(presign(object(), { ...s3, expiresIn })).rejects.toBeInstanceOf(PresignExpiryError)
    }
  })

  it('never outlives the credentials', async () => {
    const expiring = { ...credentials, expiration: new Date(date.getTime() + 600_000) }
    expect((await presign(object(), { ...s3, credentials: expiring, expiresIn: 600 })).href).toContain('X-Amz-Expires=600')
    const error = await presign(object(), { ...s3, credentials: expiring, expiresIn: 601 }).catch((e) => e)
    expect(error).toBeInstanceOf(PresignExpiryError)
    expect(error.code).toBe('ERR_PRESIGN_EXPIRY')
    expect(error.message).toContain(expiring.expiration.toISOString())
    expect(error.message).not.toContain(credentials.secretAccessKey)
  })

  it('can append the session token after the signature', async () => {
    const url = await presign(object(), { ...s3, unsignedSessionToken: true })
    expect(url.search.endsWith('&X-Amz-Security-Token=token%2Fwith%2Breserved%3Dchars')).toBe(true)
  })

  it('refuses to presign a URL that is already presigned', async () => {
    const url = await presign(object(), s3)
    await expect(presign(new Request(url), s3)).rejects.toBeInstanceOf(InvalidSigningInputError)
  })

  // A second X-Amz-Expires (or Date, SignedHeaders, …) in the URL made S3 (s3rver) answer 500 or
  // 400 AuthorizationQueryParametersError to the URL presign returned.
  it.each(['X-Amz-Expires=60', 'x-amz-date=20250102T030405Z', 'X-Amz-SignedHeaders=host', 'X-Amz-Security-Token', 'X-Amz-Credential=a'])(
    'refuses a URL that already has a parameter presign adds: %s',
    async (parameter) => {
      for (const target of [`https://bucket.s3.us-east-1.amazonaws.com/k?${parameter}`, `https://bucket.s3.us-east-1.amazonaws.com/k?a=1&${parameter}&b=2`]) {
        const refusal = presign({ url: target }, s3)
        await expect(refusal).rejects.toBeInstanceOf(InvalidSigningInputError)
        await expect(refusal).rejects.toThrow(parameter.split('=')[0]!)
      }
    },
  )

  it('keeps a parameter that only starts like one presign adds', async () => {
    const url = await presign({ url: 'https://bucket.s3.us-east-1.amazonaws.com/k?X-Amz-Expires-Note=1&x-amz-dated=2' }, s3)
    expect(url.searchParams.get('X-Amz-Expires-Note')).toBe('1')
    expect(url.searchParams.getAll('X-Amz-Expires')).toEqual(['3600'])
  })

  it('presigns parts as the equivalent Request, without building one', async () => {
    const headers = { 'Content-Type': 'image/jpeg', 'X-Amz-Meta-Owner': 'ana', 'User-Agent': 'x' }
    const target = 'https://bucket.s3.us-east-1.amazonaws.com/photos/cat%20one.jpg?versionId=3'
    const fromParts = await presign({ url: target, method: 'PUT', headers }, s3)
    const fromRequest = await presign(new Request(target, { method: 'PUT', headers }), s3)
    expect(fromParts.href).toBe(fromRequest.href)
    expect(fromParts.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host;x-amz-meta-owner')
  })

  it('hashes a string or bytes body of parts for services other than S3, as a Request body', async () => {
    const api = { credentials, region: 'us-east-1', service: 'execute-api', date }
    const target = 'https://abc.execute-api.us-east-1.amazonaws.com/prod/items'
    for (const body of ['{"a":1}', new TextEncoder().encode('{"a":1}')]) {
      const fromParts = await presign({ url: target, method: 'POST', headers: { 'content-type': 'application/json' }, body }, api)
      const fromRequest = await presign(new Request(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body }), api)
      expect(fromParts.href).toBe(fromRequest.href)
    }
    const empty = await presign({ url: target, method: 'POST', body: '' }, api)
    expect(empty.href).toBe((await presign({ url: target, method: 'POST' }, api)).href)
  })

  it('signs a method given in lower case as fetch sends it', async () => {
    const target = object().url
    for (const method of ['get', 'Put', 'delete']) {
      const fromParts = await presign({ url: target, method }, s3)
      expect(fromParts.href).toBe((await presign(new Request(target, { method }), s3)).href)
      expect(fromParts.href).toBe((await presign({ url: target, method: method.toUpperCase() }, s3)).href)
    }
    // Methods other than the six fetch normalises are signed as given, as fetch sends them.
    const patch = await presign({ url: target, method: 'patch' }, s3)
    expect(patch.href).not.toBe((await presign({ url: target, method: 'PATCH' }, s3)).href)
  })

  it('reads header names such as constructor and __proto__ as plain headers', async () => {
    const url = await presign({ url: object().url, headers: [['constructor', 'a'], ['__proto__', 'b']] }, s3)
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('__proto__;constructor;host')
  })

  it('keeps the fragment, an empty one included, after the signed query', async () => {
    for (const fragment of ['#part', '#', '#a#b']) {
      const url = await presign({ url: `https://bucket.s3.us-east-1.amazonaws.com/key?versionId=3${fragment}` }, s3)
      expect(url.href.endsWith(`&X-Amz-Signature=${url.searchParams.get('X-Amz-Signature')}${fragment}`)).toBe(true)
      expect(url.href.startsWith('https://bucket.s3.us-east-1.amazonaws.com/key?versionId=3&X-Amz-Algorithm=')).toBe(true)
    }
  })

  it('keeps the port and escaped ? and # in the path before the signed query', async () => {
    const head = 'https://bucket.s3.us-east-1.amazonaws.com:8443/a%3Fb%23c/key'
    const url = await presign({ url: `${head}?x=1#f` }, s3)
    expect(url.href.startsWith(`${head}?x=1&X-Amz-Algorithm=`)).toBe(true)
    expect(url.href.endsWith('#f')).toBe(true)
    expect(url.pathname).toBe('/a%3Fb%23c/key')
  })

  it('refuses a URL with a username or password rather than put the password in a shared URL', async () => {
    const error = await presign({ url: 'https://user:hunter2@bucket.s3.us-east-1.amazonaws.com/key' }, s3).catch((caught) => caught)
    expect(error).toBeInstanceOf(InvalidSigningInputError)
    expect(error.message).toMatch(/username or password/)
    expect(JSON.stringify([error.message, String(error.cause)])).not.toContain('hunter2')
  })

  it('signs a first query key that begins with ? as the key it is', async () => {
    const url = await presign({ url: 'https://bucket.s3.us-east-1.amazonaws.com/key??a=1' }, s3)
    expect(url.searchParams.get('?a')).toBe('1')
    const recomputed = await recompute(url)
    expect(recomputed.canonicalRequest.split('\n')[2]).toMatch(/^%3Fa=1&/)
    expect(url.searchParams.get('X-Amz-Signature')).toBe(recomputed.signature)
  })

  it('rejects parts whose URL is not absolute', async () => {
    await expect(presign({ url: '/relative' }, s3)).rejects.toBeInstanceOf(InvalidSigningInputError)
  })
})
