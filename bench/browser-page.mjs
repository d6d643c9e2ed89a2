// The page script of the Chromium benchmark (bundled by browser-bench.mjs). Three interleaved
// groups, each with its own baseline: the S3 GET against aws4fetch; the crypto backends inside
// credkit's sign() with a cached signing key; the same when the key must be derived (first request
// of a day, region or service). Signatures go back to Node to be checked independently.
import * as credkit from '@credkit/core'
import { AwsClient } from 'aws4fetch'
import { runRounds } from './run-rounds.mjs'
import { amzDate, credentials, region, scenarios, signingDate } from './scenarios.mjs'
import { createSyncSha256Crypto } from './sync-sha256.mjs'

const { createPureJsCrypto, createSignature, createSigner, createSigningKeyCache, defaultCrypto, emptyPayloadHash } = credkit
const scenario = scenarios.find((candidate) => candidate.id === 's3-get')
const { url, method, service } = scenario
const hex = (buffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('')

/** The hand-written SHA-256 and HMAC must agree with WebCrypto before their speed means anything. */
async function checkSyncSha256() {
  const sync = createSyncSha256Crypto()
  const subtle = globalThis.crypto.subtle
  const encoder = new TextEncoder()
  const failures = []
  let cases = 0
  for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 447, 1000, 4096]) {
    const message = 'ä€'.repeat(length).slice(0, length) + 'a'.repeat(length)
    cases++
    if (sync.sha256Hex(message) !== hex(await subtle.digest('SHA-256', encoder.encode(message)))) failures.push(`sha256 ${length}`)
    for (const keyLength of [1, 32, 64, 65, 150]) {
      const secret = 'AWS4' + 'k'.repeat(keyLength)
      const key = await subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
      cases++
      if (sync.hmacHex(sync.hmacKey(secret), message) !== hex(await subtle.sign('HMAC', key, encoder.encode(message)))) {
        failures.push(`hmac ${length}/${keyLength}`)
      }
    }
  }
  return { cases, failures }
}

function contenders() {
  const base = { credentials, region, service, date: signingDate }
  const signers = {
    webcrypto: createSigner(base),
    pureJs: createSigner({ ...base, crypto: createPureJsCrypto() }),
    syncJs: createSigner({ ...base, crypto: createSyncSha256Crypto() }),
  }
  const client = new AwsClient({ ...credentials, region, service })
  const aws4Init = { method, aws: { datetime: amzDate } }
  const headerOptions = { ...base, cache: createSigningKeyCache() }
  const signHeadersOnly = () => credkit.signHeaders({ url, method }, headerOptions)
  const signRequest = (signer, overrides) => () => signer.sign(new Request(url, { method }), overrides)

  // The signing step alone, no Request: what the crypto backend changes, undiluted.
  const parsed = new URL(url)
  // With the ~720-character session token the canonical request is ~1 KB (16 SHA-256 blocks);
  // with long-term keys it is ~300 bytes (5 blocks), the smallest request SigV4 signs.
  const signatureOnly = (crypto, { sessionToken = true } = {}) => {
    const cache = createSigningKeyCache()
    const headers = [
      ['host', parsed.host],
      ['x-amz-content-sha256', emptyPayloadHash],
      ['x-amz-date', amzDate],
      ...(sessionToken ? [['x-amz-security-token', credentials.sessionToken]] : []),
    ]
    const signingCredentials = sessionToken ? credentials : { ...credentials, sessionToken: undefined }
    return () =>
      createSignature({
        datetime: amzDate, credentials: signingCredentials, crypto, cache, method, path: parsed.pathname, query: parsed.search,
        headers, payloadHash: emptyPayloadHash, region, service, normalizePath: false, doubleEncodePath: false,
      })
  }
  // The two primitives a cached-key signature needs and nothing else: the crypto question undiluted
  // by canonicalisation. The inputs are credkit's own for the S3 GET without a session token.
  const primitivesOnly = (crypto) => {
    const canonicalRequest = `${method}\n${parsed.pathname}\n\nhost:${parsed.host}\nx-amz-content-sha256:${emptyPayloadHash}\nx-amz-date:${amzDate}\n\nhost;x-amz-content-sha256;x-amz-date\n${emptyPayloadHash}`
    const scope = `${amzDate.slice(0, 8)}/${region}/${service}/aws4_request`
    let key
    return async () => {
      key ??= await crypto.hmacKey('a-cached-signing-key-of-32-bytes')
      const hash = crypto.sha256Hex(canonicalRequest)
      const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${typeof hash == 'string' ? hash : await hash}`
      const signature = crypto.hmac(key, stringToSign)
      return signature instanceof Uint8Array ? signature : await signature
    }
  }
  // A fresh cache per call: the signing key is derived (four HMACs) every time.
  const cold = (crypto) => {
    const signer = createSigner({ ...base, ...(crypto ? { crypto } : {}) })
    return () => signer.sign(new Request(url, { method }), { cache: createSigningKeyCache() })
  }
  return {
    outputs: {
      'credkit (WebCrypto, default)': async () => (await signers.webcrypto.sign(new Request(url, { method }))).headers,
      'credkit (pure JS, @aws-crypto/sha256-js)': async () => (await signers.pureJs.sign(new Request(url, { method }))).headers,
      'credkit (hand-written sync SHA-256)': async () => (await signers.syncJs.sign(new Request(url, { method }))).headers,
      aws4fetch: async () => (await client.sign(url, aws4Init)).headers,
      ...(credkit.signHeaders && { 'credkit signHeaders': async () => Object.entries(await signHeadersOnly()) }),
    },
    groups: [
      {
        id: 'vs-aws4fetch',
        title: 'S3 GET, session token: credkit (default WebCrypto) vs aws4fetch',
        contenders: [
          { name: 'credkit sign(Request), WebCrypto (default)', run: signRequest(signers.webcrypto) },
          { name: 'aws4fetch sign(url, init)', note: 'S3 as UNSIGNED-PAYLOAD, its default', run: () => client.sign(url, aws4Init) },
          // Newer than the rest of core's API: measured where the build has it.
          ...(credkit.signHeaders ? [{ name: 'credkit signHeaders (no Request), WebCrypto', run: signHeadersOnly }] : []),
          // Not a signer: the Request constructor alone, for scale.
          { name: 'reference: new Request(url) only', note: 'no signing', run: () => new Request(url, { method }) },
        ],
      },
      {
        id: 'crypto-warm',
        title: 'S3 GET through sign(Request), cached signing key: crypto backend',
        contenders: [
          { name: 'credkit, WebCrypto (default)', run: signRequest(signers.webcrypto) },
          { name: 'credkit, pure JS (createPureJsCrypto)', run: signRequest(signers.pureJs) },
          { name: 'credkit, hand-written sync SHA-256', run: signRequest(signers.syncJs) },
        ],
      },
      {
        id: 'crypto-signature-only',
        title: 'createSignature only (no Request), session token (~1 KB canonical request), cached signing key: crypto backend',
        contenders: [
          { name: 'createSignature, WebCrypto', run: signatureOnly(defaultCrypto()) },
          { name: 'createSignature, pure JS (createPureJsCrypto)', run: signatureOnly(createPureJsCrypto()) },
          { name: 'createSignature, hand-written sync SHA-256', run: signatureOnly(createSyncSha256Crypto()) },
        ],
      },
      {
        id: 'crypto-primitives',
        title: 'SHA-256 of a ~300-byte canonical request + one HMAC with a cached key, nothing else: crypto backend',
        contenders: [
          { name: 'primitives, WebCrypto', run: primitivesOnly(defaultCrypto()) },
          { name: 'primitives, pure JS (createPureJsCrypto)', run: primitivesOnly(createPureJsCrypto()) },
          { name: 'primitives, hand-written sync SHA-256', run: primitivesOnly(createSyncSha256Crypto()) },
        ],
      },
      {
        id: 'crypto-signature-only-small',
        title: 'createSignature only, no session token (~300-byte canonical request), cached signing key: crypto backend',
        contenders: [
          { name: 'createSignature, WebCrypto', run: signatureOnly(defaultCrypto(), { sessionToken: false }) },
          { name: 'createSignature, pure JS (createPureJsCrypto)', run: signatureOnly(createPureJsCrypto(), { sessionToken: false }) },
          { name: 'createSignature, hand-written sync SHA-256', run: signatureOnly(createSyncSha256Crypto(), { sessionToken: false }) },
        ],
      },
      {
        id: 'crypto-cold',
        title: 'S3 GET through sign(Request), signing key derived on every call: crypto backend',
        contenders: [
          { name: 'credkit, WebCrypto (default)', run: cold() },
          { name: 'credkit, pure JS (createPureJsCrypto)', run: cold(createPureJsCrypto()) },
          { name: 'credkit, hand-written sync SHA-256', run: cold(createSyncSha256Crypto()) },
        ],
      },
    ],
  }
}

globalThis.credkitBench = {
  async run(settings, { reverse = false } = {}) {
    const { outputs, groups } = contenders()
    const signed = {}
    for (const [name, output] of Object.entries(outputs)) signed[name] = [...(await output())]
    const results = []
    for (const group of groups) {
      results.push({ id: group.id, title: group.title, results: await runRounds(group.contenders, settings, { reverse }) })
    }
    return {
      defaultCrypto: defaultCrypto().name,
      userAgent: navigator.userAgent,
      syncSha256Check: await checkSyncSha256(),
      signed,
      url,
      method,
      groups: results,
    }
  },
}
