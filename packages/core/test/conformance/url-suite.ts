/**
 * parseUrl slices a URL the runtime's parser would keep as written instead of parsing it (the
 * fast path of signHeaders and presign). Whether a parser keeps a URL as written is the runtime's
 * own: WebKit's in Bun, V8's ada in Node and Deno, Chromium's, workerd's. So every runtime checks a
 * fixed corpus: what parseUrl returns must be what `new URL` makes of the same string, sliced or
 * not, and the fast path must be taken where the parser is WHATWG's.
 */
import { parseUrl } from '../../src/signable-request.js'
import { assert, assertEqual } from './assert.js'
import type { SuiteTest } from './sigv4-suite.js'

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!

/** The same URLs in every runtime and run: plain ones mostly, and pieces the parser rewrites. */
export function urlCorpus(count = 3000): string[] {
  let seed = 20261123
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
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

export function urlSuite(): SuiteTest[] {
  return [
    {
      name: "parseUrl reads every URL of the corpus as this runtime's URL parser does, slicing where it keeps one as written",
      async run() {
        let sliced = 0
        for (const text of urlCorpus()) {
          let expected: URL | undefined
          try {
            expected = new URL(text)
          } catch {}
          if (expected === undefined || expected.username || expected.password) {
            let threw = false
            try {
              parseUrl(text)
            } catch {
              threw = true
            }
            assert(threw, `parseUrl(${JSON.stringify(text)}) should throw`)
            continue
          }
          const parts = parseUrl(text)
          if (!(parts instanceof URL)) sliced++
          for (const part of ['href', 'host', 'pathname', 'search'] as const) {
            assertEqual(parts[part], expected[part], `${part} of ${JSON.stringify(text)}`)
          }
        }
        // Every runtime here has a WHATWG parser: the fast path must be reached, not lost to the probe.
        assert(sliced > 1000, `only ${sliced} of the corpus were sliced`)
      },
    },
  ]
}
