/**
 * Claims of the README's "Signing a request" section that no other test could fail on: the exact
 * list of headers left unsigned, the `date` header, which whitespace is collapsed, and the size and
 * order of the signing-key cache.
 */
import { describe, expect, it } from 'vitest'
import { startScriptedServer } from './support/scripted-server.js'
import { collectGarbage, settledWithin } from './support/settling.js'
import { canonicalHeaders, createSigningKeyCache, presign, sign, signHeaders, unsignableHeaders } from '../src/index.js'

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
const options = { credentials, region: 'eu-west-1', service: 'execute-api', date: new Date('2025-01-02T03:04:05Z') }
const url = 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/items'
const signedNames = (authorization: string | null | undefined) => /SignedHeaders=([^,]+)/.exec(String(authorization))![1]!.split(';')

// As the README lists them, in its order.
const readmeList = [
  'authorization', 'user-agent', 'content-length', 'expect', 'connection', 'x-amzn-trace-id', 'cache-control',
  'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'pragma', 'referer', 'from', 'max-forwards', 'proxy-authorization',
]

describe('README: what gets signed', () => {
  it('unsignableHeaders is exactly the README’s list, and each is left unsigned by sign, signHeaders and presign', async () => {
    expect([...unsignableHeaders].sort()).toEqual([...readmeList].sort())
    for (const name of readmeList.filter((name) => name !== 'authorization')) {
      const headers = { [name]: 'v', 'x-custom': 'yes' }
      expect(signedNames((await sign({ url, headers }, options)).headers.get('authorization')), name).toEqual(['host', 'x-amz-date', 'x-custom'])
      expect(signedNames((await signHeaders({ url, headers }, options)).authorization), name).toEqual(['host', 'x-amz-date', 'x-custom'])
      expect((await presign({ url, headers }, options)).searchParams.get('X-Amz-SignedHeaders'), name).toBe('host;x-custom')
    }
  })

  it('signHeaders: [...] opts each of them back in, never authorization', async () => {
    for (const name of readmeList) {
      const signed = await signHeaders({ url, headers: { [name]: 'v' } }, { ...options, signHeaders: [name.toUpperCase()] })
      expect(signedNames(signed.authorization).includes(name), name).toBe(name !== 'authorization')
    }
  })

  it('signs a date header when present', async () => {
    const headers = { date: 'Thu, 02 Jan 2025 03:04:05 GMT' }
    expect(signedNames((await sign({ url, headers }, options)).headers.get('authorization'))).toEqual(['date', 'host', 'x-amz-date'])
    expect(signedNames((await signHeaders({ url, headers }, options)).authorization)).toEqual(['date', 'host', 'x-amz-date'])
    expect((await presign({ url, headers }, options)).searchParams.get('X-Amz-SignedHeaders')).toBe('date;host')
  })

  it('signs values trimmed with inner runs of space and tab as one space, and U+00A0 as it is sent', async () => {
    const authorizationOf = async (value: string) => (await signHeaders({ url, headers: { 'x-a': value } }, options)).authorization
    const plain = await authorizationOf('a b')
    expect(await authorizationOf(' \ta \t \t b\t ')).toBe(plain)
    expect(await authorizationOf('a\u00a0b')).not.toBe(plain)
    expect(canonicalHeaders([['x-a', ' a \t\t b '], ['x-b', 'a\u00a0 \u00a0b']]).canonical).toBe('x-a:a b\nx-b:a\u00a0 \u00a0b\n')
  })
})

describe('README: the signing-key cache', () => {
  const scope = (cache: ReturnType<typeof createSigningKeyCache>, region: string, value = credentials) =>
    sign({ url }, { ...options, credentials: value, region, cache })

  it('holds 50 entries by default, as the AWS SDK', async () => {
    const cache = createSigningKeyCache()
    for (let region = 0; region < 60; region++) await scope(cache, `eu-test-${region}`)
    expect(cache.entries.size).toBe(50)
    expect([...cache.entries.keys()][0]).toContain('/eu-test-10/')
  })

  it('lets entries go first in, first out: a hit does not keep an entry longer', async () => {
    const cache = createSigningKeyCache({ maxEntries: 2 })
    // Another credentials value each time, so that the last entry kept beside a value is no shortcut.
    await scope(cache, 'eu-west-1', { ...credentials })
    await scope(cache, 'eu-west-2', { ...credentials })
    await scope(cache, 'eu-west-1', { ...credentials }) // a hit
    await scope(cache, 'eu-west-3', { ...credentials })
    expect([...cache.entries.keys()].map((key) => key.split('/')[2])).toEqual(['eu-west-2', 'eu-west-3'])
  })
})

describe('README: the signal of a signed Request in Node', () => {
  it('fetch(signed, { signal }) still ends the request when aborted after garbage collection', async () => {
    let closed: Promise<void> | undefined
    const server = await startScriptedServer([], (_, response) => (closed = new Promise((resolve) => response.on('close', resolve))))
    try {
      const controller = new AbortController()
      const signed = await sign(new Request(`${server.url}/never-answered`, { signal: controller.signal }), options)
      const pending = fetch(signed, { signal: controller.signal })
      while (!closed) await new Promise((resolve) => setTimeout(resolve, 10))
      collectGarbage()
      controller.abort()
      expect(await settledWithin(pending, 3_000)).toMatchObject({ error: { name: 'AbortError' } })
      expect(await settledWithin(closed, 3_000)).toEqual({ value: undefined })
    } finally {
      await server.close()
    }
  })
})
