import { headerValue, type IncomingStsRequest } from './signed-request.js'
import { StsFault } from './sts-fault.js'

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
