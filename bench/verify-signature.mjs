// An independent SigV4 check, written from the AWS documentation with node:crypto and nothing
// from the libraries under test: it recomputes the signature a server would expect from what a
// contender actually produced (its signed headers or query), so a contender that signs the wrong
// thing fails here before it is timed. It covers what the benchmark's inputs need (no dot
// segments, ASCII paths); the conformance suite covers the rest.
import { createHash, createHmac } from 'node:crypto'

const sha256Hex = (data) => createHash('sha256').update(data).digest('hex')
const hmac = (key, data) => createHmac('sha256', key).update(data).digest()
const strictEncode = (value) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (character) => '%' + character.charCodeAt(0).toString(16).toUpperCase())

function canonicalPath(pathname, s3) {
  // S3 signs each decoded segment encoded once; other services sign the wire form encoded again.
  return pathname
    .split('/')
    .map((segment) => strictEncode(s3 ? decodeURIComponent(segment) : segment))
    .join('/')
}

/**
 * @param {{ method: string, url: string, headers: Headers, body?: string, credentials: object }} signed
 * @returns {{ ok: boolean, expected: string, actual: string, signedHeaders: string, canonicalRequest: string }}
 */
export function verifySignature({ method, url, headers, body, credentials }) {
  const parsed = new URL(url)
  const query = parsed.searchParams
  const inQuery = query.has('X-Amz-Signature')
  let credential, signedHeaders, actual, datetime
  if (inQuery) {
    credential = query.get('X-Amz-Credential')
    signedHeaders = query.get('X-Amz-SignedHeaders')
    actual = query.get('X-Amz-Signature')
    datetime = query.get('X-Amz-Date')
  } else {
    const match = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      headers.get('authorization') ?? '',
    )
    if (!match) throw new Error(`no SigV4 Authorization header: ${headers.get('authorization')}`)
    ;[, credential, signedHeaders, actual] = match
    datetime = headers.get('x-amz-date')
  }
  const [accessKeyId, date, region, service, terminator] = credential.split('/')
  if (accessKeyId !== credentials.accessKeyId || terminator !== 'aws4_request' || !datetime?.startsWith(date)) {
    throw new Error(`bad credential scope ${credential} for ${datetime}`)
  }
  const s3 = service === 's3'
  const canonicalQuery = [...query]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [strictEncode(key), strictEncode(value)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&')
  const names = signedHeaders.split(';')
  const canonicalHeaders = names
    .map((name) => {
      // A fetch Request never exposes `host`; the server sees the URL's.
      const value = name === 'host' ? (headers.get('host') ?? parsed.host) : headers.get(name)
      if (value === null) throw new Error(`signed header ${name} is missing from the request`)
      return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`
    })
    .join('')
  const payloadHash =
    headers.get('x-amz-content-sha256') ?? (inQuery && s3 ? 'UNSIGNED-PAYLOAD' : sha256Hex(body ?? ''))
  if (!inQuery && payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256Hex(body ?? '')) {
    throw new Error('x-amz-content-sha256 does not match the body')
  }
  const canonicalRequest = [
    method,
    canonicalPath(parsed.pathname, s3),
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n')
  const stringToSign = ['AWS4-HMAC-SHA256', datetime, `${date}/${region}/${service}/aws4_request`, sha256Hex(canonicalRequest)].join('\n')
  let key = hmac('AWS4' + credentials.secretAccessKey, date)
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part)
  const expected = hmac(key, stringToSign).toString('hex')
  const tokenSigned = names.includes('x-amz-security-token') || query.has('X-Amz-Security-Token')
  if (credentials.sessionToken && !tokenSigned) throw new Error('the session token is not signed')
  return { ok: expected === actual, expected, actual, signedHeaders, canonicalRequest }
}
