import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidSigningInputError } from './errors.js'
import { presign } from './presign.js'
import { parseUrl } from './signable-request.js'

// parseUrl slices a URL the parser would leave as written instead of parsing it. Whatever it
// returns must be what the URL parser makes of the same string.
const partsOf = (url: URL) => ({ href: url.href, host: url.host, pathname: url.pathname, search: url.search })

describe('parseUrl', () => {
  it('reads every URL as the URL parser does (4000 generated URLs, sliced or parsed)', () => {
    // Mostly characters and hosts the slicer takes, so that it is reached often; the rest it must refuse.
    const mostly = <T>(plain: fc.Arbitrary<T>, tricky: fc.Arbitrary<T>) => fc.oneof({ arbitrary: plain, weight: 20 }, { arbitrary: tricky, weight: 1 })
    const label = fc.oneof(
      { arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/), weight: 8 },
      { arbitrary: fc.stringMatching(/^[a-z0-9-]{1,8}$/), weight: 2 },
      { arbitrary: fc.constantFrom('xn--bcher-kva', 'xn--a', '0x1f', '255', 'Example', 'a_b', 's3', 'amazonaws', 'com'), weight: 2 },
    )
    const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'))
    const pathPiece = mostly(
      fc.constantFrom('a', 'Z', '0', '-', '.', '_', '~', '!', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', ':', '@', '%20', '%C3%A9', 'photo.jpg'),
      fc.constantFrom('..', '%2e', '%2E', '%2e.', '.%2E', '%zz', '%', '%4', ' ', '"', '<', '>', '`', '{', '}', '|', '\\', '^', '[', ']', 'é', '\t', '?', '#'),
    )
    const segment = fc.array(pathPiece, { maxLength: 4 }).map((pieces) => pieces.join(''))
    const path = fc.array(segment, { maxLength: 4 }).map((segments) => segments.map((part) => '/' + part).join(''))
    const queryPiece = mostly(
      fc.constantFrom('a', '=', '&', '?', '/', '.', '%2F', '+', '~', 'X-Amz-Date=1'),
      fc.constantFrom("'", '%', ' ', '"', 'é', '#', '[', '|'),
    )
    const query = fc.option(fc.array(queryPiece, { minLength: 1, maxLength: 5 }).map((pieces) => '?' + pieces.join('')), { nil: '' })
    const scheme = mostly(fc.constantFrom('https://', 'http://'), fc.constantFrom('HTTPS://', 'ftp://', 'https:/', 'https:\\\\'))
    const port = mostly(fc.constant(''), fc.constantFrom(':443', ':80', ':8080', ':'))
    const fragment = mostly(fc.constant(''), fc.constantFrom('#', '#f'))
    const url = fc.tuple(scheme, host, port, path, query, fragment).map((parts) => parts.join(''))

    let sliced = 0
    let total = 0
    fc.assert(
      fc.property(url, (text) => {
        total++
        let expected: URL | undefined
        try {
          expected = new URL(text)
        } catch {}
        if (expected === undefined || expected.username || expected.password) {
          expect(() => parseUrl(text)).toThrow(InvalidSigningInputError)
          return
        }
        const parts = parseUrl(text)
        if (!(parts instanceof URL)) sliced++
        expect({ href: parts.href, host: parts.host, pathname: parts.pathname, search: parts.search }).toEqual(partsOf(expected))
      }),
      { numRuns: 4000 },
    )
    // The generator reaches the sliced path often, or the property says little about it.
    expect(sliced).toBeGreaterThan(total / 4)
  })

  it('slices the URLs users sign most', () => {
    for (const text of [
      'https://examplebucket.s3.us-east-1.amazonaws.com/photos/2026/01/holiday.jpg',
      'https://abc123def4.execute-api.us-east-1.amazonaws.com/prod/items?limit=10&next=a%2Fb',
      'https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15',
      'http://localhost/bucket/key%20with%20spaces',
    ]) {
      const parts = parseUrl(text)
      expect(parts).not.toBeInstanceOf(URL)
      expect(parts).toEqual(partsOf(new URL(text)))
    }
  })

  it('leaves to the parser every URL it would change or read apart', () => {
    for (const text of [
      'https://Example.com/a', // the host is lowercased
      'https://1.2.3.4/a', // an IPv4 address
      'https://1.0x1f/a', // so is this
      'https://xn--bcher-kva.example/a', // punycode is checked
      'https://a.example:443/a', // the default port is dropped
      'https://a.example/./b', // dot segments are removed
      'https://a.example/b/%2e%2E/c',
      'https://a.example/a?', // search is empty for a bare `?`
      'https://a.example/a#f', // a fragment
      'https://a.example/a b', // a space is escaped
      "https://a.example/a?b'c", // so is `'` in a special URL's query
      'https://a.example', // the path becomes `/`
    ]) {
      const parts = parseUrl(text)
      expect(parts, text).toBeInstanceOf(URL)
      expect(partsOf(parts as URL)).toEqual(partsOf(new URL(text)))
    }
  })

  it('refuses what is not an absolute URL, and a username or password, either way', () => {
    expect(() => parseUrl('/relative/path')).toThrow(InvalidSigningInputError)
    expect(() => parseUrl('https://user:secret@a.example/a')).toThrow(/username or password/)
    expect(() => parseUrl(42 as unknown as string)).toThrow(InvalidSigningInputError)
  })

  // A pattern that backtracks would run past the test's time limit on these.
  it('matches in linear time: a long path of near-dot segments and a long query', () => {
    const long = 'https://a.example' + '/.a'.repeat(50_000) + '?' + '%2'.repeat(50_000)
    expect(partsOf(parseUrl(long) as URL)).toEqual(partsOf(new URL(long)))
    const nearDots = 'https://a.example' + '/%2e%2e%2e'.repeat(30_000)
    expect(parseUrl(nearDots).pathname).toBe(new URL(nearDots).pathname)
  })
})

describe('parseUrl where the URL parser rewrites plain URLs', () => {
  // workerd before its url_standard compatibility flag decodes %41 to A (and more): there a sliced
  // path would be signed while the URL presign returns carries the rewritten one.
  const WhatwgUrl = globalThis.URL
  class LegacyUrl extends WhatwgUrl {
    constructor(input: string | URL, base?: string | URL) {
      super(String(input).replace(/%41/g, 'A'), base)
    }
  }

  it('parses instead of slicing, so presign signs the path its URL carries', async () => {
    const options = {
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
      region: 'us-east-1',
      service: 'execute-api',
      date: new Date('2025-01-02T03:04:05Z'),
    }
    globalThis.URL = LegacyUrl as typeof URL
    try {
      expect(parseUrl('https://a.example/%41')).toBeInstanceOf(LegacyUrl)
      const rewritten = await presign({ url: 'https://a.example/%41' }, options)
      const written = await presign({ url: 'https://a.example/A' }, options)
      expect(rewritten.pathname).toBe('/A')
      expect(rewritten.href).toBe(written.href)
    } finally {
      globalThis.URL = WhatwgUrl
    }
    expect(parseUrl('https://a.example/%41')).not.toBeInstanceOf(WhatwgUrl)
  })
})
