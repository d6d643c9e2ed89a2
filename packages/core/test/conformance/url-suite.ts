/**
 * parseUrl slices a URL the runtime's parser would keep as written instead of parsing it (the
 * fast path of signHeaders and presign). Whether a parser keeps a URL as written is the runtime's
 * own: WebKit's in Bun, V8's ada in Node and Deno, Chromium's, workerd's. So every runtime checks a
 * fixed corpus: what parseUrl returns must be what `new URL` makes of the same string, sliced or
 * not, and the fast path must be taken where the parser is WHATWG's.
 */
import { InvalidSigningInputError, createSignature, createSigningKeyCache, defaultCrypto, emptyPayloadHash, presign, toAmzDate } from '../../src/index.js'
import { parseUrl } from '../../src/signable-request.js'
import { assert, assertEqual } from './assert.js'
import type { SuiteTest } from './sigv4-suite.js'

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!

/** The same URLs in every runtime and run: plain ones mostly, and pieces the parser rewrites. */
export function urlCorpus(count = 3000): string[] {
  // mulberry32: 32-bit integer steps, so the sequence is the same in every engine (a multiplicative
  // generator in floating point loses its low bits and cycles within a few hundred URLs).
  let seed = 20261123
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const plainLabels = ['a', 'examplebucket', 's3', 'us-east-1', 'amazonaws', 'com', 'x-y', 'abc123def4', 'execute-api', 'localhost']
  const trickyLabels = ['xn--bcher-kva', '0x1f', '255', 'Example', 'a_b', '-', '1a']
  const plainPieces = ['a', 'Z', '0', '-', '.', '_', '~', '!', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', ':', '@', '%20', '%C3%A9', '%41', '%7e', 'photo.jpg']
  const trickyPieces = ['..', '%2e', '%2E', '%2e.', '.%2E', '%zz', '%', '%4', ' ', '"', '<', '>', '`', '{', '}', '|', '\\', '^', '[', ']', 'é', '\t', '?', '#']
  const plainQuery = ['a', '=', '&', '?', '/', '.', '%2F', '+', '~', 'X-Amz-Date=1', '%41']
  const trickyQuery = ["'", '%', ' ', '"', 'é', '#', '[', '|']
  const mostly = <T>(plain: readonly T[], tricky: readonly T[]) => (random() < 0.93 ? pick(random, plain) : pick(random, tricky))
  const urls: string[] = []
  for (let index = 0; index < count; index++) {
    const scheme = mostly(['https://', 'http://'], ['HTTPS://', 'ftp://', 'https:/', 'https:\\\\'])
    const labels = Array.from({ length: 1 + Math.floor(random() * 4) }, () => mostly(plainLabels, trickyLabels))
    const port = mostly([''], [':443', ':80', ':8080', ':'])
    const segments = Array.from({ length: Math.floor(random() * 4) }, () =>
      Array.from({ length: Math.floor(random() * 4) }, () => mostly(plainPieces, trickyPieces)).join(''),
    )
    const query = random() < 0.5 ? '' : '?' + Array.from({ length: 1 + Math.floor(random() * 4) }, () => mostly(plainQuery, trickyQuery)).join('')
    const fragment = mostly([''], ['#', '#f'])
    urls.push(scheme + labels.join('.') + port + segments.map((segment) => '/' + segment).join('') + query + fragment)
  }
  return urls
}

/**
 * `urlStandard`: whether this runtime's URL parser is WHATWG's (workerd's `url_original` flag
 * brings back an older one). With it parseUrl must slice most of the corpus; without it, none.
 */
/**
 * The parts of `text` as this runtime's parser reads them, or undefined where it refuses it, where
 * it has a username or password (credkit refuses those), or where reading it back throws (workerd's
 * older parser throws "Invalid pathname when stringifying URL" for some paths it accepted).
 */
function readUrl(text: string): Pick<URL, 'href' | 'host' | 'pathname' | 'search' | 'protocol'> | undefined {
  try {
    const url = new URL(text)
    if (url.username || url.password) return undefined
    return { href: url.href, host: url.host, pathname: url.pathname, search: url.search, protocol: url.protocol }
  } catch {
    return undefined
  }
}

export function urlSuite({ urlStandard = true }: { urlStandard?: boolean } = {}): SuiteTest[] {
  return [
    {
      name: "parseUrl reads every URL of the corpus as this runtime's URL parser does, slicing where it keeps one as written",
      async run() {
        let sliced = 0
        for (const text of urlCorpus()) {
          const expected = readUrl(text)
          if (expected === undefined) {
            let threw: unknown
            try {
              parseUrl(text)
            } catch (error) {
              threw = error
            }
            assert(threw instanceof InvalidSigningInputError, `parseUrl(${JSON.stringify(text)}) should throw InvalidSigningInputError`)
            continue
          }
          const parts = parseUrl(text)
          if (!(parts instanceof URL)) sliced++
          for (const part of ['href', 'host', 'pathname', 'search'] as const) {
            assertEqual(parts[part], expected[part], `${part} of ${JSON.stringify(text)}`)
          }
        }
        // Where the parser is WHATWG's the fast path must be reached, not lost to the probe; where it
        // is not, slicing would sign a path other than the one a parsed URL carries.
        if (urlStandard) assert(sliced > 1000, `only ${sliced} of the corpus were sliced`)
        else assertEqual(sliced, 0, 'URLs sliced by a parser that rewrites plain URLs')
      },
    },
    {
      name: 'presign returns a URL whose own path and query carry the signature it holds (300 URLs of the corpus)',
      async run() {
        const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
        const date = new Date('2025-01-02T03:04:05Z')
        const options = { credentials, region: 'us-east-1', service: 'execute-api', date, expiresIn: 60 }
        const crypto = defaultCrypto()
        let checked = 0
        let refused = 0
        for (const text of urlCorpus()) {
          const read = readUrl(text)
          if (!/^https?:$/.test(read?.protocol ?? '')) continue
          // A second X-Amz-Date would leave the server to pick one (s3rver answers 400): refused.
          if (/(^|[?&])X-Amz-Date(?![^=&])/i.test(read!.search)) {
            let threw: unknown
            await presign({ url: text }, options).catch((error: unknown) => (threw = error))
            assert(threw instanceof InvalidSigningInputError, `presign(${JSON.stringify(text)}) should refuse its X-Amz-Date`)
            refused++
            continue
          }
          const url = await presign({ url: text }, options)
          // What a server computes from the request this URL makes: its own path and query.
          const query = [...url.searchParams].filter(([name]) => name !== 'X-Amz-Signature')
          const steps = await createSignature({
            method: 'GET',
            path: url.pathname,
            query,
            headers: [['host', url.host]],
            payloadHash: emptyPayloadHash,
            datetime: toAmzDate(date),
            region: options.region,
            service: options.service,
            credentials,
            normalizePath: true,
            doubleEncodePath: true,
            crypto,
            cache: createSigningKeyCache(),
          })
          assertEqual(url.searchParams.get('X-Amz-Signature'), steps.signature, `the signature of ${JSON.stringify(text)}`)
          if (++checked === 300) break
        }
        assertEqual(checked, 300, 'URLs presigned')
        assert(refused > 0, 'no URL of the corpus had an X-Amz-Date for presign to refuse')
      },
    },
  ]
}
