import { SignatureV4 } from '@smithy/signature-v4'
import { createHash, timingSafeEqual } from 'node:crypto'
import { Sha256 } from '../sha256.js'
import { headerValue, type IncomingStsRequest } from './signed-request.js'
import type { SignatureClaim } from './signature-claim.js'
import { StsFault, signatureMismatchMessage } from './sts-fault.js'

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
