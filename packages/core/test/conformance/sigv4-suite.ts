/**
 * The AWS SigV4 test suite (../vectors/sigv4-v4.json), written once and run in every runtime:
 * Node through vitest, and workerd, Chromium, Bun and Deno through test/runtimes.
 *
 * Each case is checked twice at the lowest level (canonical request, string to sign, signature and
 * the signed request, for header and query signing) and then through `sign()` and `presign()` on a
 * WHATWG `Request`. A case that a `Request` cannot express gets a test that proves why (the URL
 * parser rewrites its path, `Headers` joins repeated names with ", ", …), so a runtime that could
 * express it would fail that test instead of silently skipping the case.
 */
import vectors from '../vectors/sigv4-v4.json' with { type: 'json' }
import {
  algorithm,
  canonicalHeaders,
  canonicalPath,
  canonicalQuery,
  createCanonicalRequest,
  createCredentialScope,
  createSignature,
  createStringToSign,
  createSigningKeyCache,
  defaultCrypto,
  emptyPayloadHash,
  presign,
  sign,
  toAmzDate,
  unsignableHeaders,
  type Credentials,
  type SigningCrypto,
} from '../../src/index.js'
import { assert, assertEqual } from './assert.js'
import { parseRawRequest, type RawRequest } from './parse-raw-request.js'

export interface SuiteTest {
  readonly name: string
  run(): Promise<void>
}

interface Vector {
  name: string
  context: {
    credentials: { access_key_id: string; secret_access_key: string; token?: string }
    expiration_in_seconds: number
    normalize: boolean
    region: string
    service: string
    sign_body: boolean
    timestamp: string
    omit_session_token?: boolean
  }
  request: string
  header: Variant
  query: Variant
}
interface Variant {
  canonicalRequest?: string
  stringToSign?: string
  signature?: string
  signedRequest?: string
}

const uriEncode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (character) => '%' + character.charCodeAt(0).toString(16).toUpperCase())

export function sigv4Suite(crypto: SigningCrypto = defaultCrypto()): SuiteTest[] {
  return [...(vectors as Vector[]).flatMap((vector) => testsFor(vector, crypto)), ...bodyTests(crypto)]
}

/**
 * Not from AWS's suite: how each runtime's `Request` carries a body through `sign()`, which reads
 * it to hash it and builds the signed request from the bytes read.
 */
function bodyTests(crypto: SigningCrypto): SuiteTest[] {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
  const options = { credentials, region: 'us-east-1', service: 's3', date: new Date('2015-08-30T12:36:00Z'), crypto }
  // SHA-256 of "hello".
  const helloHash = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'
  return [
    {
      name: 'body · sign(Request) hashes a string body and the signed request still carries it',
      async run() {
        const signed = await sign(new Request('https://bucket.s3.amazonaws.com/key', { method: 'PUT', body: 'hello' }), options)
        assertEqual(signed.headers.get('x-amz-content-sha256'), helloHash, 'x-amz-content-sha256')
        assertEqual(await signed.text(), 'hello', 'body')
      },
    },
    {
      name: 'body · sign({ url, body: ReadableStream }) leaves the stream unread and the signed request streams it',
      async run() {
        let pulls = 0
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulls++ === 0) controller.enqueue(new TextEncoder().encode('hello'))
            else controller.close()
          },
        })
        const signed = await sign({ url: 'https://bucket.s3.amazonaws.com/key', method: 'PUT', body }, options)
        assertEqual(signed.headers.get('x-amz-content-sha256'), 'UNSIGNED-PAYLOAD', 'x-amz-content-sha256')
        assertEqual(await signed.text(), 'hello', 'body')
      },
    },
  ]
}

function testsFor(vector: Vector, crypto: SigningCrypto): SuiteTest[] {
  const { context } = vector
  const raw = parseRawRequest(vector.request)
  const date = new Date(context.timestamp)
  const datetime = toAmzDate(date)
  const credentials: Credentials = {
    accessKeyId: context.credentials.access_key_id,
    secretAccessKey: context.credentials.secret_access_key,
    ...(context.credentials.token ? { sessionToken: context.credentials.token } : {}),
  }
  const token = credentials.sessionToken
  const omitToken = context.omit_session_token === true
  const scope = `${datetime.slice(0, 8)}/${context.region}/${context.service}/aws4_request`
  const common = {
    datetime,
    region: context.region,
    service: context.service,
    credentials,
    normalizePath: context.normalize,
    doubleEncodePath: context.normalize,
    crypto,
  }
  const bodyHash = async () => (raw.body === '' ? emptyPayloadHash : await crypto.sha256Hex(raw.body))
  // The headers AWS's suite signs in header form (its own, the date, the token unless the case
  // leaves it out, the payload hash where it signs the body), and that payload hash.
  const headerSigningInput = async () => {
    const headers: [string, string][] = [...raw.headers.map(([n, v]) => [n, v] as [string, string])]
    headers.push(['X-Amz-Date', datetime])
    if (token && !omitToken) headers.push(['X-Amz-Security-Token', token])
    const payloadHash = await bodyHash()
    if (context.sign_body) headers.push(['X-Amz-Content-Sha256', payloadHash])
    return { headers, payloadHash }
  }

  const tests: SuiteTest[] = [
    {
      name: `${vector.name} · header signing · steps`,
      async run() {
        const { headers, payloadHash } = await headerSigningInput()
        const steps = await createSignature({
          ...common,
          method: raw.method,
          path: raw.path,
          query: raw.query,
          headers,
          payloadHash,
          cache: createSigningKeyCache(),
        })
        assertEqual(steps.canonicalRequest, vector.header.canonicalRequest, 'canonical request')
        assertEqual(steps.stringToSign, vector.header.stringToSign, 'string to sign')
        assertEqual(steps.signature, vector.header.signature, 'signature')
        const expected = signedRequestHeaders(vector.header.signedRequest!)
        assertEqual(
          `${algorithm} Credential=${credentials.accessKeyId}/${steps.credentialScope}, SignedHeaders=${steps.signedHeaders}, Signature=${steps.signature}`,
          expected.get('authorization'),
          'signed request Authorization',
        )
        assertEqual(expected.get('x-amz-security-token'), token, 'signed request session token')
      },
    },
    {
      // The signer writes these formats itself rather than calling the exported steps: they must
      // agree on every case.
      name: `${vector.name} · header signing · exported steps`,
      async run() {
        const { headers, payloadHash } = await headerSigningInput()
        const canonicalRequest = createCanonicalRequest({
          method: raw.method,
          path: canonicalPath(raw.path, { normalize: context.normalize, doubleEncode: context.normalize }),
          query: canonicalQuery(raw.query),
          headers: canonicalHeaders(headers),
          payloadHash,
        })
        assertEqual(canonicalRequest, vector.header.canonicalRequest, 'canonical request')
        const credentialScope = createCredentialScope(datetime, context.region, context.service)
        assertEqual(credentialScope, scope, 'credential scope')
        const stringToSign = createStringToSign(datetime, credentialScope, await crypto.sha256Hex(canonicalRequest))
        assertEqual(stringToSign, vector.header.stringToSign, 'string to sign')
      },
    },
    {
      name: `${vector.name} · query signing · steps`,
      async run() {
        const names = [...new Set(raw.headers.map(([name]) => name.toLowerCase()))].sort()
        const parameters: [string, string][] = [
          ['X-Amz-Algorithm', algorithm],
          ['X-Amz-Credential', `${credentials.accessKeyId}/${scope}`],
          ['X-Amz-Date', datetime],
          ['X-Amz-Expires', String(context.expiration_in_seconds)],
          ['X-Amz-SignedHeaders', names.join(';')],
        ]
        if (token && !omitToken) parameters.push(['X-Amz-Security-Token', token])
        const amz = parameters.map(([key, value]) => `${key}=${uriEncode(value)}`).join('&')
        const steps = await createSignature({
          ...common,
          method: raw.method,
          path: raw.path,
          query: raw.query === '' ? amz : `${raw.query}&${amz}`,
          headers: raw.headers,
          payloadHash: await bodyHash(),
          cache: createSigningKeyCache(),
        })
        assertEqual(steps.canonicalRequest, vector.query.canonicalRequest, 'canonical request')
        assertEqual(steps.stringToSign, vector.query.stringToSign, 'string to sign')
        assertEqual(steps.signature, vector.query.signature, 'signature')
        const signedQuery = signedRequestQuery(vector.query.signedRequest!)
        assertEqual(signedQuery.get('X-Amz-Signature'), steps.signature, 'signed request X-Amz-Signature')
      },
    },
  ]

  const unexpressible = whyNotARequest(raw, context.normalize)
  if (unexpressible) {
    tests.push({
      name: `${vector.name} · as a Request · not expressible: ${unexpressible.reason} (covered by the step tests)`,
      async run() {
        assert(unexpressible.holds(), `expected this runtime to be unable to express the case: ${unexpressible.reason}`)
      },
    })
    return tests
  }

  const options = {
    credentials,
    region: context.region,
    service: context.service,
    date,
    normalizePath: context.normalize,
    doubleEncodePath: context.normalize,
    contentSha256Header: context.sign_body,
    unsignedSessionToken: omitToken,
    crypto,
  }
  tests.push(
    {
      name: `${vector.name} · sign(Request)`,
      async run() {
        const signed = await sign(toRequest(raw), options)
        const expected = signedRequestHeaders(vector.header.signedRequest!)
        assertEqual(signed.headers.get('authorization'), expected.get('authorization') ?? null, 'Authorization')
        assertEqual(signed.headers.get('x-amz-date'), datetime, 'X-Amz-Date')
        assertEqual(signed.headers.get('x-amz-security-token'), token ?? null, 'X-Amz-Security-Token')
      },
    },
    {
      name: `${vector.name} · presign(Request)`,
      async run() {
        const url = await presign(toRequest(raw), { ...options, expiresIn: context.expiration_in_seconds })
        const expected = signedRequestQuery(vector.query.signedRequest!)
        const sorted = (parameters: URLSearchParams) => JSON.stringify([...parameters].sort())
        assertEqual(sorted(url.searchParams), sorted(expected), 'presigned query parameters')
        assertEqual(url.pathname, pathOf('https://example.amazonaws.com' + raw.path), 'path')
      },
    },
  )
  return tests
}

function toRequest(raw: RawRequest): Request {
  const host = raw.headers.find(([name]) => name.toLowerCase() === 'host')![1]
  return new Request(`https://${host}${raw.path}${raw.query ? '?' + raw.query : ''}`, {
    method: raw.method,
    headers: raw.headers.filter(([name]) => name.toLowerCase() !== 'host') as [string, string][],
    ...(raw.body ? { body: raw.body } : {}),
  })
}

interface Unexpressible {
  reason: string
  holds(): boolean
}

function whyNotARequest(raw: RawRequest, normalize: boolean): Unexpressible | undefined {
  const base = 'https://example.amazonaws.com'
  const multiline = raw.headers.find(([, value]) => value.includes('\n'))
  if (multiline) {
    return {
      reason: 'a Headers value cannot hold a line fold',
      holds: () => {
        try {
          return new Headers([[multiline[0], multiline[1]]]).get(multiline[0]) !== multiline[1]
        } catch {
          return true
        }
      },
    }
  }
  const names = raw.headers.map(([name]) => name.toLowerCase())
  const repeated = names.find((name, index) => names.indexOf(name) !== index)
  if (repeated) {
    return {
      reason: 'Headers joins repeated names with ", " where SigV4 joins with ","',
      holds: () => {
        const values = raw.headers.filter(([name]) => name.toLowerCase() === repeated).map(([, value]) => value.trim())
        return new Headers(raw.headers as [string, string][]).get(repeated) === values.join(', ')
      },
    }
  }
  if (names.includes('content-length')) {
    return {
      reason: 'Content-Length is set by the HTTP stack (a forbidden header in browsers), so sign() leaves it unsigned',
      holds: () => unsignableHeaders.has('content-length'),
    }
  }
  const rewritten = pathOf(base + raw.path)
  if (rewritten !== raw.path) {
    // Percent-encoding alone is harmless under single (S3-style) encoding: the canonical path is
    // the same either way. Dropped dot segments, or double encoding of the encoded form, are not.
    const dotSegmentsDropped = decodeURIComponent(rewritten) !== raw.path
    if (dotSegmentsDropped || normalize) {
      return {
        reason: dotSegmentsDropped
          ? `the URL parser removes the dot segments of ${JSON.stringify(raw.path)} (giving ${JSON.stringify(rewritten)})`
          : `the URL parser percent-encodes ${JSON.stringify(raw.path)} to ${JSON.stringify(rewritten)}, and double encoding then applies to the encoded form`,
        holds: () => pathOf(base + raw.path) !== raw.path,
      }
    }
  }
  return undefined
}

const pathOf = (url: string) => new URL(url).pathname

function signedRequestHeaders(text: string): Map<string, string> {
  return new Map(parseRawRequest(text).headers.map(([name, value]) => [name.toLowerCase(), value]))
}

function signedRequestQuery(text: string): URLSearchParams {
  return new URLSearchParams(parseRawRequest(text).query)
}
