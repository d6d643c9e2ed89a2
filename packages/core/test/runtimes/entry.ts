/**
 * What every non-Node runtime loads: the AWS SigV4 suite once per crypto backend the runtime has,
 * parseUrl against the runtime's own URL parser (url-suite.ts), plus checks that the default
 * crypto picks what we expect there, so a change in how a runtime is probed (say, Deno dropping
 * `process.getBuiltinModule`) fails loudly instead of silently switching backends. Bundled by
 * build-bundle.mjs into one import-free ES module.
 */
import { createPureJsCrypto, createSignedFetch, createWebCrypto, defaultCrypto, type SigningCrypto } from '../../src/index.js'
import { pickCrypto } from '../../src/crypto/default-crypto.js'
import { assertEqual } from '../conformance/assert.js'
import { sigv4Suite, type SuiteTest } from '../conformance/sigv4-suite.js'
import { urlSuite } from '../conformance/url-suite.js'

export interface Expectations {
  /** The backend `defaultCrypto()` must pick in this runtime. */
  readonly defaultCrypto: string
  /** The backend `pickCrypto(undefined)` must pick: what a page without crypto.subtle would get. */
  readonly withoutSubtle: string
  /**
   * false where the URL parser is not WHATWG's (workerd's `url_original` flag): only the URL suite
   * runs there, since AWS's vectors assume the standard parser's URLs.
   */
  readonly urlStandard?: boolean
}

export interface Failure {
  readonly name: string
  readonly message: string
}

export interface Report {
  readonly defaultCrypto: string
  readonly backends: string[]
  readonly passed: number
  readonly failed: number
  readonly failures: Failure[]
}

export async function runConformance(expectations: Expectations): Promise<Report> {
  const subtle = globalThis.crypto?.subtle
  const selection: SuiteTest[] = [
    {
      name: 'defaultCrypto() picks the expected backend',
      async run() {
        assertEqual(defaultCrypto().name, expectations.defaultCrypto, 'defaultCrypto().name')
      },
    },
    {
      name: 'pickCrypto(undefined) picks the expected backend (no crypto.subtle)',
      async run() {
        assertEqual(pickCrypto(undefined).name, expectations.withoutSubtle, 'pickCrypto(undefined).name')
      },
    },
    {
      // Each runtime's Request must take what createSignedFetch builds (redirect: 'manual', a body
      // sent again on a new URL); the fetch is a stand-in, as the runtimes here have no server.
      name: 'createSignedFetch follows redirects itself: signed again within the origin, no credentials to another',
      async run() {
        const sent: Request[] = []
        const answers = [307, 302, 200]
        const fetch = async (request: Request) => {
          sent.push(request)
          const status = answers.shift()!
          const location = status == 307 ? '/moved' : 'https://elsewhere.example/next'
          return new Response(status == 200 ? 'done' : null, { status, headers: status == 200 ? {} : { location } })
        }
        const credentials = { accessKeyId: 'AKIDRUNTIME', secretAccessKey: 'secret', sessionToken: 'token' }
        const signedFetch = createSignedFetch({ credentials, region: 'us-east-1', service: 'execute-api', fetch: fetch as typeof globalThis.fetch })
        const response = await signedFetch('https://abc.execute-api.us-east-1.amazonaws.com/start', { method: 'POST', body: 'payload' })
        assertEqual(await response.text(), 'done', 'answer')
        assertEqual(sent.map((request) => `${request.method} ${request.url} ${request.redirect}`).join(' | '), 'POST https://abc.execute-api.us-east-1.amazonaws.com/start manual | POST https://abc.execute-api.us-east-1.amazonaws.com/moved manual | GET https://elsewhere.example/next manual', 'requests sent')
        assertEqual(await sent[1]!.text(), 'payload', 'body sent again after the 307')
        assertEqual(String(/Credential=AKIDRUNTIME/.test(sent[1]!.headers.get('authorization') ?? '')), 'true', 'the 307 signed again')
        assertEqual(`${sent[2]!.headers.get('authorization')} ${sent[2]!.headers.get('x-amz-security-token')}`, 'null null', 'credentials sent to another origin')
      },
    },
    {
      // A stream body goes out through a TransformStream that times it from its last chunk, under a
      // signal made with AbortSignal.any: each runtime's Request must carry both, and the stall
      // must reach the fetch as a TimeoutError.
      name: 'createSignedFetch sends a stream body through its idle timer, and a stall reaches the fetch',
      async run() {
        const fetch = (request: Request) =>
          new Promise<Response>((resolve, reject) => {
            request.signal.addEventListener('abort', () => reject(request.signal.reason))
            request.text().then((text) => resolve(new Response(`got ${text} ${request.headers.get('x-amz-content-sha256')}`)), reject)
          })
        const credentials = { accessKeyId: 'AKIDRUNTIME', secretAccessKey: 'secret' }
        const signedFetch = createSignedFetch({ credentials, region: 'us-east-1', service: 's3', fetch: fetch as typeof globalThis.fetch, retry: { attemptTimeoutMs: 100 } })
        const url = 'https://bucket.s3.us-east-1.amazonaws.com/key'
        const chunks = (stall: boolean) =>
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('streamed'))
              if (!stall) controller.close()
            },
          })
        const sent = await signedFetch(url, { method: 'PUT', body: chunks(false), duplex: 'half' } as RequestInit)
        assertEqual(await sent.text(), 'got streamed UNSIGNED-PAYLOAD', 'answer to a stream body')
        const stalled = await signedFetch(url, { method: 'PUT', body: chunks(true), duplex: 'half' } as RequestInit).then(
          () => 'answered',
          (error: Error) => error.name,
        )
        assertEqual(stalled, 'TimeoutError', 'a stalled stream body')
      },
    },
  ]
  const backends: [string, SigningCrypto | undefined][] = [[`default (${defaultCrypto().name})`, undefined]]
  if (subtle) {
    selection.push({
      name: 'pickCrypto(crypto.subtle) picks the expected backend',
      async run() {
        assertEqual(pickCrypto(subtle).name, expectations.defaultCrypto, 'pickCrypto(crypto.subtle).name')
      },
    })
    // Each backend is proven where it can run, not only where it is the default.
    backends.push(['webcrypto', createWebCrypto(subtle)], ['pure-js', createPureJsCrypto()])
  }
  const urlStandard = expectations.urlStandard ?? true
  const tests = [
    ...selection,
    ...urlSuite({ urlStandard }),
    // `sigv4Suite()` with no argument is the path users take, so the default is run as such.
    ...(urlStandard
      ? backends.flatMap(([label, crypto]) => (crypto ? sigv4Suite(crypto) : sigv4Suite()).map((test) => ({ ...test, name: `${label} · ${test.name}` })))
      : []),
  ]

  const failures: Failure[] = []
  // One at a time: the point is conformance, and sequential runs keep failures reproducible.
  for (const test of tests) {
    try {
      await test.run()
    } catch (error) {
      failures.push({ name: test.name, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })
    }
  }
  return {
    defaultCrypto: defaultCrypto().name,
    backends: backends.map(([label]) => label),
    passed: tests.length - failures.length,
    failed: failures.length,
    failures,
  }
}
