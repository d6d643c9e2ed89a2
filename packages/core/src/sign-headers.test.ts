import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CredkitError, sign, signHeaders } from './index.js'

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'token' }
const options = { credentials, region: 'eu-west-1', service: 'execute-api', date: new Date('2025-01-02T03:04:05Z') }

describe('signHeaders', () => {
  it('gives the same signature as sign() on the equivalent Request', async () => {
    const url = 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/items?b=2&a=1'
    const headers = { 'Content-Type': 'application/json', 'X-Custom': '  spaced   value ' }
    const body = '{"name":"credkit"}'
    const fromParts = await signHeaders({ method: 'POST', url, headers, body }, options)
    const fromRequest = await sign(new Request(url, { method: 'POST', headers, body }), options)
    expect(fromParts.authorization).toBe(fromRequest.headers.get('authorization'))
    expect(fromParts['x-amz-date']).toBe('20250102T030405Z')
    expect(fromParts['x-amz-security-token']).toBe('token')
    expect(fromParts['content-type']).toBe('application/json')
    expect(fromParts).not.toHaveProperty('host')
  })

  it('joins a repeated header as Headers does, each value trimmed, and signs what fetch would send', async () => {
    const url = 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/items'
    const headers: [string, string][] = [['X-Thing', ' a  b '], ['x-thing', '\tc '], ['x-thing', 'd']]
    const fromParts = await signHeaders({ url, headers }, options)
    const fromRequest = await sign(new Request(url, { headers }), options)
    expect(fromParts['x-thing']).toBe(fromRequest.headers.get('x-thing'))
    expect(fromParts.authorization).toBe(fromRequest.headers.get('authorization'))
  })

  it('returns headers named like Object.prototype members as plain entries of the record', async () => {
    const url = 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/items'
    const headers: [string, string][] = [['constructor', 'a'], ['__proto__', 'b'], ['toString', 'c']]
    const signed = await signHeaders({ url, headers }, options)
    expect(Object.entries(signed)).toEqual(expect.arrayContaining([['constructor', 'a'], ['__proto__', 'b'], ['tostring', 'c']]))
    expect(signed.authorization).toBe((await sign(new Request(url, { headers }), options)).headers.get('authorization'))
    // Nothing inherited shows through where no such header was given.
    const plain = await signHeaders({ url }, options)
    expect([plain.constructor, plain.toString, plain.hasOwnProperty, plain.__proto__]).toEqual([undefined, undefined, undefined, undefined])
    expect({ ...plain }).toEqual(Object.fromEntries(Object.entries(plain)))
  })

  it('gives a typed error for no input', async () => {
    await expect(signHeaders(undefined as never, options)).rejects.toBeInstanceOf(CredkitError)
  })

  it('signs a method given in lower case as fetch sends it', async () => {
    const url = 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/items'
    const lower = await signHeaders({ method: 'post', url, body: 'x' }, options)
    expect(lower.authorization).toBe((await signHeaders({ method: 'POST', url, body: 'x' }, options)).authorization)
  })

  it('hashes bytes, and sends the hash to S3', async () => {
    const body = new Uint8Array([1, 2, 3])
    const signed = await signHeaders({ method: 'PUT', url: 'https://b.s3.amazonaws.com/k', body }, { ...options, service: 's3' })
    expect(signed['x-amz-content-sha256']).toBe(createHash('sha256').update(body).digest('hex'))
  })

  it('replaces an old signature rather than signing it', async () => {
    const first = await signHeaders({ url: 'https://example.amazonaws.com/' }, options)
    const again = await signHeaders({ url: 'https://example.amazonaws.com/', headers: first }, options)
    expect(again.authorization).toBe(first.authorization)
  })

  it('rejects bad input with typed errors', async () => {
    await expect(signHeaders({ url: 'not a url' }, options)).rejects.toBeInstanceOf(CredkitError)
    await expect(signHeaders({ url: 'https://example.amazonaws.com/' }, { ...options, region: '' })).rejects.toBeInstanceOf(CredkitError)
    await expect(signHeaders({ url: 'https://example.amazonaws.com/' }, { ...options, payloadHash: 'nope' })).rejects.toBeInstanceOf(CredkitError)
  })
})
