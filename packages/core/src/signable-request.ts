import type { MaybePromise, SigningCrypto } from './crypto/signing-crypto.js'
import { InvalidSigningInputError, PayloadHashRequiredError } from './errors.js'
import { emptyPayloadHash, unsignedPayload } from './signature.js'

/**
 * A request described by its parts. Unlike a `Request`, it tells the signer what the body is, so a
 * `ReadableStream` body can be left unread (a `Request` body is always a stream to its reader).
 */
export interface SignableRequest {
  readonly url: string | URL
  readonly method?: string
  readonly headers?: HeadersInit
  readonly body?: BodyInit | null
}

/**
 * An InvalidSigningInputError whose message may quote a URL or a header: everything from its `//`
 * to its last `@` is left out (a password may hold any character, `/`, `#` and `@` included), and
 * so is everything between its first and last double quote (Node's and Deno's fetch quote a header
 * value they refuse, which may be an API key; Bun, workerd and Chromium do not quote it); so is
 * the cause when anything was (it quotes them too). Cut to `limit` characters after that, never
 * before.
 */
export function badInput(message: string, cause: unknown, limit = 200): InvalidSigningInputError {
  const start = message.indexOf('//')
  const end = message.lastIndexOf('@')
  const redacted = (start >= 0 && end > start ? message.slice(0, start + 2) + '…' + message.slice(end) : message).replace(/"[^]*"/, '"…"')
  return new InvalidSigningInputError(redacted.slice(0, limit), redacted === message ? { cause } : undefined)
}

/** The parts of a URL that the signer reads. */
export type UrlParts = Pick<URL, 'href' | 'host' | 'pathname' | 'search'>

// An http(s) URL that WHATWG's URL parser leaves exactly as written (see keepsPlainUrls):
// lowercase scheme and host name (no port, no user, no IP address: the last label starts with a
// letter; no punycode label), a path of characters it neither escapes nor rewrites and without dot
// segments (`.`, `..`, `%2e` and their mixes), an optional non-empty query of such characters, no
// fragment. Its parts are slices of the string: 0.1 µs against 0.25 µs for `new URL` and more to
// read its parts back (presign and signHeaders are held to 2× the node:crypto floor, issue 2).
// Every alternative consumes other characters, so matching is linear. Anything else goes to the
// URL parser.
const plainUrl =
  /^https?:\/\/(?:(?!xn--)[a-z\d-]+\.)*(?!xn--)[a-z][a-z\d-]*(?![^?]*\/(?:\.|%2[eE]){1,2}(?:[/?]|$))\/(?:[\w\-.~!$&'()*+,;=:@/]|%[\da-fA-F]{2})*(?:\?(?:[\w\-.~!$&()*+,;=:@/?]|%[\da-fA-F]{2})+)?$/

// Whether this runtime's URL parser is WHATWG's, which keeps such a URL as written. workerd with a
// compatibility date before `url_standard` has an older one that rewrites `%41` to `A` and `?` in a
// query to `%3F`: slicing there would sign a path other than the one a parsed URL carries (presign
// returns one). Asked once per URL class, so a test that swaps the class is asked again.
let probedUrlClass: typeof URL | undefined
let plainUrlsKept = false
const probe = 'https://a.b/%41%7e?a?b'
function keepsPlainUrls(): boolean {
  if (probedUrlClass !== URL) {
    probedUrlClass = URL
    plainUrlsKept = new URL(probe).href === probe
  }
  return plainUrlsKept
}

/**
 * An absolute URL without a username or password (fetch refuses those, and a presigned URL is
 * shared); anything else is an `InvalidSigningInputError` showing the start of what came. A
 * string the parser would keep as it is comes back as its parts, sliced (`plainUrl`).
 */
export function parseUrl(url: string | URL): UrlParts {
  if (typeof url == 'string' && keepsPlainUrls() && plainUrl.test(url)) {
    // The host runs from the scheme's `//` to the first `/`; the path, which holds no `?`, to the
    // first `?`. Cut by hand: a match with groups allocates an array and a string per group.
    const hostStart = url.indexOf('//') + 2
    const pathStart = url.indexOf('/', hostStart)
    const queryStart = url.indexOf('?', pathStart)
    const pathEnd = queryStart < 0 ? url.length : queryStart
    return { href: url, host: url.slice(hostStart, pathStart), pathname: url.slice(pathStart, pathEnd), search: url.slice(pathEnd) }
  }
  let parsed: URL
  try {
    parsed = new URL(url)
    // workerd's older URL parser (before url_standard) accepts some paths it then cannot write
    // back: its href getter throws. Read here, that is bad input like any other.
    void parsed.href
  } catch (error) {
    throw badInput(`not an absolute URL: ${typeof url == 'string' ? url : typeof url}`, error, 120)
  }
  if (parsed.username || parsed.password) {
    throw new InvalidSigningInputError('the URL has a username or password: credkit signs with AWS credentials and puts no others in a request')
  }
  return parsed
}

const standardMethod = /^(delete|get|head|options|post|put)$/i
const token = /^[!#$%&'*+.^`|~\w-]+$/

/**
 * The method as fetch sends it (and so as the server sees it): the six standard methods in upper
 * case whatever case they came in, any other as given; not a method at all is an error.
 */
export const normalizeMethod = (method: unknown = 'GET') => {
  if (typeof method == 'string' && standardMethod.test(method)) return method.toUpperCase()
  if (typeof method != 'string' || !token.test(method)) {
    throw new InvalidSigningInputError(`method: not an HTTP method: ${typeof method == 'string' ? JSON.stringify(method.slice(0, 40)) : typeof method}`)
  }
  return method
}

export type HeaderInput = HeadersInit | Readonly<Record<string, string>> | Iterable<readonly [string, string]>

const isHttpWhitespace = (character: string | undefined) => character == ' ' || character == '\t' || character == '\n' || character == '\r'

/**
 * Without HTTP whitespace at either end, as Headers stores a value. A loop: a regular expression
 * for the end backtracks quadratically over a long inner run of spaces.
 */
function httpTrim(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && isHttpWhitespace(value[start])) start++
  while (end > start && isHttpWhitespace(value[end - 1])) end--
  return value.slice(start, end)
}

// What fetch accepts: a token for a name; no NUL, CR or LF in a value, and nothing above U+00FF.
const unsendable = /[\0\n\r]|[^\0-\xff]/

/**
 * A request's own headers without a `Headers` object (building one costs more than signing):
 * names lowercase, a repeated name's values joined with `, ` as `Headers` joins them. A `Map`, not
 * a record: `Object.entries` of a record without a prototype costs 0.25 µs for one header. A name
 * or value fetch would refuse is an InvalidSigningInputError, which quotes the name but never a
 * value (it may be a secret).
 */
export function ownHeaders(headers: HeaderInput | undefined): Map<string, string> {
  const own = new Map<string, string>()
  if (headers != null && typeof headers != 'object') throw new InvalidSigningInputError('headers: not a record, Headers or a list of pairs')
  const entries = headers == null ? [] : Symbol.iterator in headers ? headers : Object.entries(headers)
  for (const entry of entries as Iterable<unknown>) {
    const [name, value] = Array.isArray(entry) && entry.length == 2 ? entry : []
    if (typeof name != 'string' || !token.test(name)) {
      throw new InvalidSigningInputError(`headers: not a header name: ${typeof name == 'string' ? JSON.stringify(name.slice(0, 40)) : typeof name}`)
    }
    if (typeof value != 'string' || unsendable.test(value)) {
      throw new InvalidSigningInputError(`headers: the value of ${name} is not a string a header can carry (no NUL, CR, LF or character above U+00FF)`)
    }
    const key = name.toLowerCase()
    const previous = own.get(key)
    // Headers trims each value before joining (and signing trims only the ends of the joined one).
    own.set(key, previous === undefined ? value : httpTrim(previous) + ', ' + httpTrim(value))
  }
  return own
}

/**
 * The payload hash the options decide without looking at the body: the caller's own, or
 * UNSIGNED-PAYLOAD when asked for, or for a stream sent to S3. Undefined when the body must be
 * hashed; a stream to another service is an error, since it is never read.
 */
export function givenPayloadHash(
  options: { payloadHash?: string | undefined; unsignedPayload?: boolean | undefined },
  stream: boolean,
  s3: boolean,
): string | undefined {
  const { payloadHash } = options
  if (payloadHash !== undefined) {
    if (payloadHash !== unsignedPayload && !(typeof payloadHash == 'string' && /^[\da-f]{64}$/.test(payloadHash))) {
      throw new InvalidSigningInputError('payloadHash: not a hex SHA-256 or UNSIGNED-PAYLOAD')
    }
    return payloadHash
  }
  if (options.unsignedPayload || (stream && s3)) return unsignedPayload
  if (stream) throw new PayloadHashRequiredError('stream body: pass payloadHash')
  return undefined
}

/** A body that fetch sends as it is, so the signer hashes it as given rather than reading it back. */
export const isHashedAsGiven = (body: unknown): body is string | Uint8Array => typeof body == 'string' || body instanceof Uint8Array

export function hashPayload(body: string | Uint8Array | null | undefined, crypto: SigningCrypto): MaybePromise<string> {
  return body?.length ? crypto.sha256Hex(body) : emptyPayloadHash
}

/**
 * The request to sign (the caller's, or one built from parts), its payload hash, and the bytes
 * read to compute it, if any. With `consume` the request's own body is read (the signed request is
 * then built from those bytes); without, a clone is read and the request keeps its body. In Node
 * reading a clone (a stream tee) costs three times as much as reading the body itself
 * (BENCHMARKS.md). A body given with the parts is hashed as it is if it is a string or bytes, and
 * never read if it is a stream. A tuple, not a record: its field names would be in the bundle.
 */
export async function preparePayload(
  input: Request | SignableRequest,
  options: { payloadHash?: string | undefined; unsignedPayload?: boolean | undefined },
  { s3, crypto }: { s3: boolean; crypto: SigningCrypto },
  consume: boolean,
): Promise<[request: Request, payloadHash: string, bytes?: Uint8Array<ArrayBuffer>]> {
  const parts = input instanceof Request ? undefined : input
  const body = parts?.body
  let request: Request
  try {
    // duplex 'half' is required for a stream body and harmless for others.
    // The three parts are read by name, not only spread: a spread skips getters of a class.
    request = parts ? new Request(parts.url, { ...parts, method: parts.method, headers: parts.headers, body, duplex: 'half' } as RequestInit) : (input as Request)
    // A body a reader holds (locked) cannot be read or copied either: fetch's own TypeError there.
    if (request.bodyUsed || request.body?.locked) throw new TypeError('body already read')
  } catch (error) {
    throw badInput(`bad request: ${(error as Error)?.message}`, error)
  }
  const given = givenPayloadHash(options, body instanceof ReadableStream, s3)
  if (given !== undefined) return [request, given]
  // Without a body, hashPayload gives the empty payload's hash.
  if (isHashedAsGiven(body) || !request.body) return [request, await hashPayload(body as string | undefined, crypto)]
  const bytes = new Uint8Array(await (consume ? request : request.clone()).arrayBuffer())
  return [request, await hashPayload(bytes, crypto), bytes]
}
