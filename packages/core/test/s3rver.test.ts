/**
 * A real S3 implementation checks credkit's signatures: @20minutes/s3rver 4.0.4 recomputes every
 * SigV4 signature (header and query) and answers 403 SignatureDoesNotMatch when it differs.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from '@20minutes/s3rver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSignedFetch, presign, sign, type SignOptions } from '../src/index.js'

// s3rver's built-in account.
const good: SignOptions = {
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  region: 'us-east-1',
  service: 's3',
}
const wrongSecret: SignOptions = { ...good, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'not-the-secret' } }

let server: S3rver
let directory: string
let endpoint: string

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'credkit-s3rver-'))
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'bucket' }] })
  const address = (await server.run()) as AddressInfo
  endpoint = `http://127.0.0.1:${address.port}/bucket`
})

afterAll(async () => {
  await server?.close()
  await rm(directory, { recursive: true, force: true })
})

const keys = ['plain.txt', 'with space.txt', 'ünïcödé/漢字 😀.txt', 'a+b=c.txt', 'tilde~and-dash_.txt', 'deep/er/path.bin']
const objectUrl = (key: string) => `${endpoint}/${key.split('/').map(encodeURIComponent).join('/')}`
const errorCode = async (response: Response) => /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1]

describe('s3rver accepts credkit-signed requests', () => {
  it.each(keys)('PUT, GET, presigned GET and DELETE of %j', async (key) => {
    const body = `content of ${key}`
    const put = await fetch(await sign(new Request(objectUrl(key), { method: 'PUT', body }), good))
    expect(put.status, await put.clone().text()).toBe(200)

    const get = await fetch(await sign(new Request(objectUrl(key)), good))
    expect(get.status).toBe(200)
    expect(await get.text()).toBe(body)

    const url = await presign(new Request(objectUrl(key)), { ...good, expiresIn: 60 })
    const anonymous = await fetch(url)
    expect(anonymous.status).toBe(200)
    expect(await anonymous.text()).toBe(body)

    const deleted = await fetch(await sign(new Request(objectUrl(key), { method: 'DELETE' }), good))
    expect(deleted.status).toBe(204)
    const gone = await fetch(await sign(new Request(objectUrl(key)), good))
    expect(gone.status).toBe(404)
    expect(await errorCode(gone)).toBe('NoSuchKey')
  })

  it('a streamed upload signed with UNSIGNED-PAYLOAD', async () => {
    const encoder = new TextEncoder()
    const parts = ['streamed ', 'upload ', 'body']
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const part = parts.shift()
        if (part === undefined) controller.close()
        else controller.enqueue(encoder.encode(part))
      },
    })
    const signed = await sign({ url: objectUrl('streamed.txt'), method: 'PUT', body: stream }, good)
    const put = await fetch(signed)
    expect(put.status, await put.clone().text()).toBe(200)
    const get = await fetch(await sign(new Request(objectUrl('streamed.txt')), good))
    expect(await get.text()).toBe('streamed upload body')
  })

  it('a query string on a signed GET (list objects)', async () => {
    await fetch(await sign(new Request(objectUrl('list/one.txt'), { method: 'PUT', body: '1' }), good))
    const list = await fetch(await sign(new Request(`${endpoint}?prefix=list%2F&max-keys=10`), good))
    expect(list.status).toBe(200)
    expect(await list.text()).toContain('<Key>list/one.txt</Key>')
  })
})

describe('s3rver accepts what createSignedFetch sends', () => {
  const s3fetch = createSignedFetch({ credentials: good.credentials, region: 'us-east-1', service: 's3' })

  it.each(keys)('PUT (a string, a Blob, a stream), GET, HEAD and DELETE of %j', async (key) => {
    const url = objectUrl(key)
    const sent = [`string for ${key}`, new Blob([`blob for ${key}`]), `stream for ${key}`]
    for (const body of sent) {
      const streamed = typeof body == 'string' && body.startsWith('stream')
      const init = streamed
        ? ({ method: 'PUT', body: new Blob([body]).stream(), duplex: 'half' } as RequestInit)
        : { method: 'PUT', body, headers: { 'content-type': 'text/plain' } }
      const put = await s3fetch(url, init)
      expect(put.status, await put.clone().text()).toBe(200)
      const get = await s3fetch(url)
      expect(await get.text()).toBe(typeof body == 'string' ? body : await body.text())
    }
    const head = await s3fetch(url, { method: 'HEAD' })
    expect([head.status, head.headers.get('content-length')]).toEqual([200, String(new TextEncoder().encode(`stream for ${key}`).length)])
    expect((await s3fetch(url, { method: 'DELETE' })).status).toBe(204)
    expect((await s3fetch(url)).status).toBe(404)
  })

  it('refused with a wrong secret: the 403 comes back as it is, sent once', async () => {
    const wrong = createSignedFetch({ credentials: wrongSecret.credentials, region: 'us-east-1', service: 's3' })
    const response = await wrong(objectUrl('plain.txt'))
    expect([response.status, await errorCode(response)]).toEqual([403, 'SignatureDoesNotMatch'])
  })
})

describe('s3rver rejects the same requests signed with a wrong secret', () => {
  beforeAll(async () => {
    await fetch(await sign(new Request(objectUrl('kept.txt'), { method: 'PUT', body: 'kept' }), good))
  })

  it.each([
    ['PUT', () => new Request(objectUrl('kept.txt'), { method: 'PUT', body: 'overwritten' })],
    ['GET', () => new Request(objectUrl('kept.txt'))],
    ['DELETE', () => new Request(objectUrl('kept.txt'), { method: 'DELETE' })],
  ])('%s', async (_, request) => {
    const response = await fetch(await sign(request(), wrongSecret))
    expect(response.status).toBe(403)
    expect(await errorCode(response)).toBe('SignatureDoesNotMatch')
  })

  it('presigned GET', async () => {
    const response = await fetch(await presign(new Request(objectUrl('kept.txt')), wrongSecret))
    expect(response.status).toBe(403)
    expect(await errorCode(response)).toBe('SignatureDoesNotMatch')
  })

  it('and nothing was changed by them', async () => {
    const get = await fetch(await sign(new Request(objectUrl('kept.txt')), good))
    expect(await get.text()).toBe('kept')
  })
})
