import { SignatureV4 } from '@smithy/signature-v4'
import { createHash, timingSafeEqual } from 'node:crypto'
import { Sha256 } from '../sha256.js'
import { headerValue, type IncomingStsRequest } from './signed-request.js'
import { StsFault, signatureMismatchMessage } from './sts-fault.js'

/** The parts of a SigV4 signature, from the Authorization header or the query string. */
export interface SignatureClaim {
  readonly location: 'header' | 'query'
  readonly accessKeyId: string
  readonly scopeDate: string
  readonly region: string
  readonly service: string
  readonly signedHeaders: readonly string[]
  readonly signature: string
  readonly amzDate: string
  readonly date: Date
  readonly sessionToken: string | undefined
  /** Presigned URLs only. */
  readonly expiresIn: number | undefined
}

const incomplete = (message: string) => new StsFault('IncompleteSignature', message, 400)

function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (match === null) return undefined
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[]
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!))
  return Number.isNaN(date.getTime()) ? undefined : date
}

function parseCredential(credential: string): [string, string, string, string] {
  const parts = credential.split('/')
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || parts.some((part) => part === '')) {
    throw incomplete(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`)
  }
  return [parts[0]!, parts[1]!, parts[2]!, parts[3]!]
}

/**
 * Reads the signature a request claims, without checking it. Returns undefined when the request
 * is not signed at all (the caller decides whether that is allowed for the action).
 */
export function readSignatureClaim(request: IncomingStsRequest): SignatureClaim | undefined {
  const authorization = headerValue(request.headers, 'authorization')
  const query = request.url.searchParams
  if (authorization !== undefined) {
    if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) {
      throw incomplete(`Authorization header requires the AWS4-HMAC-SHA256 algorithm; got '${authorization.split(' ')[0]}'`)
    }
    const fields = new Map<string, string>()
    for (const part of authorization.slice('AWS4-HMAC-SHA256 '.length).split(',')) {
      const separator = part.indexOf('=')
      if (separator > 0) fields.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim())
    }
    const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !fields.has(name))
    if (missing.length > 0) {
      throw incomplete(missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ') + ` Authorization=${authorization.split(' ')[0]}`)
    }
    const amzDate = headerValue(request.headers, 'x-amz-date')
    if (amzDate === undefined) {
      throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
    }
    const date = parseAmzDate(amzDate)
    if (date === undefined) throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`)
    const [accessKeyId, scopeDate, region, service] = parseCredential(fields.get('Credential')!)
    return {
      location: 'header',
      accessKeyId,
      scopeDate,
      region,
      service,
      signedHeaders: fields.get('SignedHeaders')!.split(';'),
      signature: fields.get('Signature')!,
      amzDate,
      date,
      sessionToken: headerValue(request.headers, 'x-amz-security-token'),
      expiresIn: undefined,
    }
  }
  if (!query.has('X-Amz-Algorithm') && !query.has('X-Amz-Signature')) return undefined
  const required = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date', 'X-Amz-Expires']
  const missing = required.filter((name) => !query.has(name))
  if (missing.length > 0) {
    throw new StsFault('AuthorizationQueryParametersError', `Query-string authentication requires the ${missing.join(', ')} parameters`, 400)
  }
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    throw new StsFault('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"', 400)
  }
  const amzDate = query.get('X-Amz-Date')!
  const date = parseAmzDate(amzDate)
  if (date === undefined) {
    throw new StsFault('AuthorizationQueryParametersError', `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`, 400)
  }
  const expiresText = query.get('X-Amz-Expires')!
  const expiresIn = /^\d{1,7}$/.test(expiresText) ? Number(expiresText) : Number.NaN
  if (!(expiresIn >= 1 && expiresIn <= 604800)) {
    throw new StsFault('AuthorizationQueryParametersError', 'X-Amz-Expires must be between 1 and 604800 seconds', 400)
  }
  const [accessKeyId, scopeDate, region, service] = parseCredential(query.get('X-Amz-Credential')!)
  return {
    location: 'query',
    accessKeyId,
    scopeDate,
    region,
    service,
    signedHeaders: query.get('X-Amz-SignedHeaders')!.split(';'),
    signature: query.get('X-Amz-Signature')!,
    amzDate,
    date,
    sessionToken: query.get('X-Amz-Security-Token') ?? undefined,
    expiresIn,
  }
}

function queryRecord(url: URL, skip: string): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {}
  for (const [key, value] of url.searchParams) {
    if (key === skip) continue
    const existing = record[key]
    record[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return record
}

function decodedPath(url: URL): string {
  try {
    return decodeURIComponent(url.pathname)
  } catch {
    return url.pathname
  }
}

/**
 * Re-signs the request with @smithy/signature-v4 (the AWS SDK's own signer, independent of
 * credkit's) using the claimed date, scope and signed headers, and compares signatures.
 */
export async function checkSignature(request: IncomingStsRequest, claim: SignatureClaim, secretAccessKey: string): Promise<void> {
  if (claim.scopeDate !== claim.amzDate.slice(0, 8)) {
    throw new StsFault('SignatureDoesNotMatch', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${claim.scopeDate}' != '${claim.amzDate.slice(0, 8)}', from '${claim.amzDate}'.`, 403)
  }
  if (claim.service !== 'sts') {
    throw new StsFault('SignatureDoesNotMatch', `Credential should be scoped to correct service: 'sts'. `, 403)
  }
  const signedHeaders = new Set(claim.signedHeaders.map((name) => name.toLowerCase()))
  if (!signedHeaders.has('host')) {
    throw new StsFault('SignatureDoesNotMatch', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", 403)
  }
  const contentSha256 = headerValue(request.headers, 'x-amz-content-sha256')
  if (contentSha256 !== undefined && contentSha256 !== 'UNSIGNED-PAYLOAD') {
    // smithy trusts this header as the payload hash; AWS checks it against the body.
    const actual = createHash('sha256').update(request.body).digest('hex')
    if (contentSha256 !== actual) {
      throw new StsFault('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400)
    }
  }
  const headers: Record<string, string> = {}
  for (const name of signedHeaders) {
    const value = headerValue(request.headers, name)
    if (value !== undefined) headers[name] = value
  }
  const tokenSigned = claim.location === 'query' || signedHeaders.has('x-amz-security-token')
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: claim.accessKeyId,
      secretAccessKey,
      ...(tokenSigned && claim.sessionToken !== undefined ? { sessionToken: claim.sessionToken } : {}),
    },
    region: claim.region,
    service: claim.service,
    sha256: Sha256,
    uriEscapePath: true,
    applyChecksum: false,
  })
  const base = {
    method: request.method,
    protocol: request.url.protocol,
    hostname: request.url.hostname,
    path: decodedPath(request.url),
    headers,
    ...(request.body.length > 0 ? { body: new Uint8Array(request.body) } : {}),
  }
  let expected: string | undefined
  if (claim.location === 'header') {
    const signed = await signer.sign({ ...base, query: queryRecord(request.url, '') }, { signingDate: claim.date, signableHeaders: signedHeaders })
    const authorization = String(signed.headers['authorization'] ?? '')
    expected = /Signature=([0-9a-f]+)/.exec(authorization)?.[1]
  } else {
    const presigned = await signer.presign(
      { ...base, query: queryRecord(request.url, 'X-Amz-Signature') },
      { signingDate: claim.date, expiresIn: claim.expiresIn ?? 3600, signableHeaders: signedHeaders, unhoistableHeaders: signedHeaders },
    )
    const value = presigned.query?.['X-Amz-Signature']
    expected = typeof value === 'string' ? value : undefined
  }
  const given = Buffer.from(claim.signature)
  if (expected === undefined || given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
    throw new StsFault('SignatureDoesNotMatch', signatureMismatchMessage, 403)
  }
}

function amz(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

/** AWS's own words for a signature outside the allowed window (15 minutes by default). */
export function checkSignatureTime(claim: SignatureClaim, now: Date, maxSkewSeconds: number): void {
  const skewMs = maxSkewSeconds * 1000
  const minutes = maxSkewSeconds % 60 === 0 ? `${maxSkewSeconds / 60} min.` : `${maxSkewSeconds} sec.`
  if (claim.location === 'query') {
    const expiresAt = claim.date.getTime() + (claim.expiresIn ?? 0) * 1000
    if (now.getTime() > expiresAt) {
      // A presigned URL past X-Amz-Expires is worded like a stale header signature.
      throw new StsFault('SignatureDoesNotMatch', `Signature expired: ${amz(new Date(expiresAt))} is now earlier than ${amz(now)} (${claim.amzDate} + ${claim.expiresIn ?? 0} sec.)`, 403)
    }
    if (claim.date.getTime() - now.getTime() > skewMs) {
      throw new StsFault('SignatureDoesNotMatch', `Signature not yet current: ${claim.amzDate} is still later than ${amz(new Date(now.getTime() + skewMs))} (${amz(now)} + ${minutes})`, 403)
    }
    return
  }
  if (now.getTime() - claim.date.getTime() > skewMs) {
    throw new StsFault('SignatureDoesNotMatch', `Signature expired: ${claim.amzDate} is now earlier than ${amz(new Date(now.getTime() - skewMs))} (${amz(now)} - ${minutes})`, 403)
  }
  if (claim.date.getTime() - now.getTime() > skewMs) {
    throw new StsFault('SignatureDoesNotMatch', `Signature not yet current: ${claim.amzDate} is still later than ${amz(new Date(now.getTime() + skewMs))} (${amz(now)} + ${minutes})`, 403)
  }
}
