// Bundle size as a browser app pays it: each entry bundled by esbuild for the browser (ESM,
// minified, tree-shaken) and gzipped at level 9. Code split off behind a dynamic import (credkit's
// pure-JS SHA-256 fallback) is downloaded only where crypto.subtle is missing, so it is reported
// apart from the main figure. `--check` (npm test) fails when a bundle grows past its ceiling or
// Node-only code reaches the browser's main chunk, and says whether each budget is met.
//
// Budget and ceiling are different things on purpose. The budget is issue 2's target (`sign`
// alone under 2.5 KB); it is not met yet, and the check says so on every run rather than failing
// every run. The ceiling is what the bundle weighs now plus a little: it keeps main green while
// stopping the bundle from growing unnoticed. Lower the ceiling whenever the bundle shrinks.
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { build } from 'esbuild'

const here = fileURLToPath(new URL('.', import.meta.url))

/** Issue 2: `sign` alone under 2.5 KB gzip, bundled and minified for the browser. */
export const signBudgetBytes = 2560

export const sizeEntries = [
  // The checks of bad input that an adversarial review found missing (credentials a request cannot
  // carry, dates past 9999, options of the wrong type, an unbounded key cache, a password in an
  // error) added ~340 B here and to the scenario below (git log); leaving proxy-* and sec-* headers
  // unsigned, as the AWS SDK does, 18 B. Writing the signing path more compactly with every behaviour
  // kept (merge of compact-sign) took 249 B off; a locked Request body refused with a typed error,
  // and S3's rules for s3-object-lambda, put 20 B back (review-signing); leaving out of an error what
  // fetch quotes of a header value it refuses (an API key, maybe) 14 B; signing each set-cookie of a
  // Request (Headers iterates them apart, and only the first was signed) 6 B.
  { id: 'sign', title: '`sign` alone', source: "export { sign } from '@credkit/core'", budget: signBudgetBytes, ceiling: 3640, checkWebOnly: true },
  { id: 'sign-presign', title: '`sign` + `presign`', source: "export { sign, presign } from '@credkit/core'", checkWebOnly: true },
  { id: 'create-signer', title: '`createSigner`', source: "export { createSigner } from '@credkit/core'", checkWebOnly: true },
  { id: 'aws4fetch', title: 'aws4fetch `AwsClient` (comparison)', source: "export { AwsClient } from 'aws4fetch'" },
  // aws4fetch's signer without its client (no fetch, no retries): the nearest thing to `sign` alone.
  { id: 'aws4fetch-signer', title: 'aws4fetch `AwsV4Signer` alone (comparison)', source: "export { AwsV4Signer } from 'aws4fetch'" },
  // Issue 4's browser scenario: an OIDC token traded for role credentials that refresh
  // themselves, and a signed S3 GET; core only.
  {
    id: 'web-identity-s3',
    title: 'OIDC → role credentials with refresh → signed S3 GET (`fromWebIdentity` + `cached` + `sign`)',
    source: "export { cached, fromWebIdentity, sign } from '@credkit/core'",
    budget: 4608,
    // Issue 4's budget is not met: over `sign`, web identity (its STS action, the XML reader,
    // retries, errors) adds about 2.9 KB and `cached` about 2.1 KB, 629 B of it the store path
    // that stays even when no store is given (measured by stubbing it out). See BENCHMARKS.md.
    // Since the budget was set: CredkitError's instanceof across copies of credkit (errors.ts)
    // added ~110 B here and to `sign` (it lets @credkit/node carry its own copy of
    // @credkit/core/credentials: 0.25× → 0.16× of the SDK's import, issue 5), and the signing path
    // ~160 B for Node speed and for errors that leave a URL's password out, and the checks of bad
    // input ~340 B (see git log), and leaving proxy-* and sec-* headers unsigned 27 B; the fixes of
    // a review of cached (a refresh adopted only while its credentials are unexpired, a time limit
    // on each store operation, async callbacks' rejections caught, eight rejected key ids) 91 B;
    // those of a review of STS (inputs of the wrong shape refused by name, error documents read as
    // text only, credentials resolved once per call, more partitions' endpoints) 145 B. The compact
    // signing path took 233 B off; waiting at least an error's retryAfterMs (createSignedFetch's
    // Retry-After) in the retry loop STS shares added 17 B, the review of signing 18 B, keeping a
    // refused header value out of errors 11 B; the 15- and 10-minute windows for stored
    // credentials whose issuedAt is missing or ahead of this clock 11 B; the default session name
    // read from the injected clock (DESIGN: every clock read through `now()`) 6 B; credentials
    // with read-only fields instead of frozen, since the AWS SDK adds `$source` to credentials
    // given to it as a value and a frozen object made its `send` throw, 20 B; the review of STS
    // (an Expiration read as RFC 3339 with no date rolled over 43 B, a lone surrogate in a
    // parameter refused 16 B, each call in flight re-signed on a skew error -4 B) 55 B; one RFC 3339
    // reader for STS and @credkit/node instead of one each (a function call where it was inline) 17 B.
    // Ceiling 9476 → 9480 with the minified bundle unchanged at 21388 B: a change outside the bundle
    // (an import added to sts-request.ts for the signed path) made the minifier hand out its short
    // names in another order, 9475 → 9476 B gzip; headroom for that noise, not for code. STS's
    // signal handed to fetch itself, not through a Request of its own, took 4 B off (9472 B);
    // signing each set-cookie of a Request put 5 B back.
    ceiling: 9478,
    checkWebOnly: true,
  },
  {
    id: 'web-identity-s3-aws-sdk',
    title: 'the same with the AWS SDK (`fromWebToken` from `@aws-sdk/credential-provider-web-identity` + `S3Client` + `GetObjectCommand`, comparison)',
    source: "export { fromWebToken } from '@aws-sdk/credential-provider-web-identity'\nexport { S3Client, GetObjectCommand } from '@aws-sdk/client-s3'",
  },
  {
    id: 'web-identity-s3-aws4fetch',
    title: 'the same with aws4fetch and a hand-written STS call, no refresh, errors or retries (`aws4fetch-sts.mjs`, comparison)',
    source: "export { getObject } from './aws4fetch-sts.mjs'",
  },
  {
    id: 'sync-sha256',
    title: 'hand-written sync SHA-256 + HMAC (bench experiment, `sync-sha256.mjs`)',
    source: "export { createSyncSha256Crypto } from './sync-sha256.mjs'",
  },
]

// The rules of packages/core/scripts/check-web-only.mjs, applied to what a browser downloads. The
// run-time probe `globalThis.process?.getBuiltinModule?.('node:crypto')` is allowed by design.
const nodeOnly = [
  [/\bfrom\s*["']node:/, 'a static import of a node: module'],
  [/\bimport\s*\(\s*["']node:/, 'a dynamic import of a node: module'],
  [/(?<![.\w$])require\s*\(/, 'require()'],
  [/(?<![.\w$])Buffer\b/, 'Buffer'],
  [/(?<![.\w$'"])process\b/, 'the process global'],
]

const gzipBytes = (text) => gzipSync(text, { level: 9 }).length

export async function measureEntry(entry) {
  const outdir = join(here, '.size-out')
  const result = await build({
    entryPoints: [`size-entry:${entry.id}`],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    treeShaking: true,
    splitting: true,
    outdir,
    write: false,
    metafile: true,
    absWorkingDir: here,
    logLevel: 'silent',
    plugins: [
      {
        name: 'size-entries',
        setup(builder) {
          builder.onResolve({ filter: /^size-entry:/ }, (args) => ({ path: args.path, namespace: 'size-entry' }))
          builder.onLoad({ filter: /.*/, namespace: 'size-entry' }, () => ({ contents: entry.source, resolveDir: here, loader: 'js' }))
        },
      },
    ],
  })
  const texts = new Map(result.outputFiles.map((file) => [file.path.slice(here.length).replace(/^\/?/, ''), file.text]))
  const outputs = result.metafile.outputs
  const entryOutput = Object.keys(outputs).find((path) => outputs[path].entryPoint)
  // The main figure is the entry chunk and every chunk it imports statically: all of it loads
  // before the first call. Anything reached only through import() is lazy.
  const main = new Set()
  const visit = (path) => {
    if (main.has(path)) return
    main.add(path)
    for (const imported of outputs[path].imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path)
  }
  visit(entryOutput)
  const chunks = Object.keys(outputs)
    .filter((path) => path.endsWith('.js'))
    .map((path) => ({ path, main: main.has(path), bytes: texts.get(path).length, gzip: gzipBytes(texts.get(path)) }))
  const mainText = chunks.filter((chunk) => chunk.main).map((chunk) => texts.get(chunk.path)).join('\n')
  const problems = entry.checkWebOnly ? nodeOnly.filter(([pattern]) => pattern.test(mainText)).map(([, what]) => what) : []
  const sum = (list, key) => list.reduce((total, chunk) => total + chunk[key], 0)
  const lazy = chunks.filter((chunk) => !chunk.main)
  return {
    id: entry.id,
    title: entry.title,
    budget: entry.budget,
    ceiling: entry.ceiling,
    minifiedBytes: sum(chunks.filter((chunk) => chunk.main), 'bytes'),
    gzipBytes: sum(chunks.filter((chunk) => chunk.main), 'gzip'),
    lazyChunks: lazy.map(({ gzip, bytes }) => ({ gzip, bytes })),
    lazyGzipBytes: sum(lazy, 'gzip'),
    nodeOnlyProblems: problems,
  }
}

// signHeaders is newer than the rest of core's API; builds without it are measured without it.
const optionalEntries = [
  { id: 'sign-headers', title: '`signHeaders` alone', source: "export { signHeaders } from '@credkit/core'", checkWebOnly: true, export: 'signHeaders' },
]

export async function measureSizes() {
  const core = await import('@credkit/core')
  const entries = [...sizeEntries]
  entries.splice(1, 0, ...optionalEntries.filter((entry) => entry.export in core))
  const results = []
  for (const entry of entries) results.push(await measureEntry(entry))
  return results
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await measureSizes()
  for (const result of results) {
    const lazy = result.lazyChunks.length ? `, lazy ${result.lazyChunks.map((chunk) => chunk.gzip).join(' + ')} B gzip` : ''
    const budget = result.budget ? ` (budget ${result.budget} B: ${result.gzipBytes <= result.budget ? 'met' : 'NOT MET'}; ceiling ${result.ceiling} B)` : ''
    console.log(`${result.title}: ${result.gzipBytes} B gzip, ${result.minifiedBytes} B minified${lazy}${budget}`)
  }
  if (process.argv.includes('--check')) {
    const failures = []
    for (const result of results) {
      if (result.ceiling !== undefined && result.gzipBytes > result.ceiling) {
        failures.push(`${result.title} is ${result.gzipBytes} B gzip, over its ceiling of ${result.ceiling} B by ${result.gzipBytes - result.ceiling} B`)
      }
      for (const problem of result.nodeOnlyProblems) failures.push(`${result.title}: the browser's main chunk contains ${problem}`)
    }
    if (failures.length) {
      console.error(`size check failed:\n  ${failures.join('\n  ')}`)
      process.exit(1)
    }
    console.log('size check passed')
  }
}
