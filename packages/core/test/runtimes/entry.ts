/**
 * What every non-Node runtime loads: the AWS SigV4 suite once per crypto backend the runtime has,
 * parseUrl against the runtime's own URL parser (url-suite.ts), plus checks that the default
 * crypto picks what we expect there, so a change in how a runtime is probed (say, Deno dropping
 * `process.getBuiltinModule`) fails loudly instead of silently switching backends. Bundled by
 * build-bundle.mjs into one import-free ES module.
 */
import { createPureJsCrypto, createWebCrypto, defaultCrypto, type SigningCrypto } from '../../src/index.js'
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
