import { PayloadHashRequiredError, InvalidSigningInputError } from './errors.js'
import type { SigningCrypto } from './crypto/signing-crypto.js'
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

export interface PreparedRequest {
  readonly request: Request
  readonly url: URL
  /** The body is a stream whose content the signer must not read. */
  readonly bodyIsStream: boolean
  /** Set when the body's bytes were at hand without reading the request. */
  readonly knownBytes?: string | Uint8Array
}

export function prepareRequest(input: Request | SignableRequest): PreparedRequest {
  if (input instanceof Request) return { request: input, url: parseUrl(input.url), bodyIsStream: false }
  if (input === null || typeof input !== 'object' || !('url' in input)) {
    throw new InvalidSigningInputError('sign() takes a Request or an object with a url')
  }
  const url = parseUrl(input.url)
  const body = input.body ?? null
  const bodyIsStream = typeof ReadableStream !== 'undefined' && body instanceof ReadableStream
  let request: Request
  try {
    request = new Request(url, {
      method: input.method ?? 'GET',
      headers: input.headers ?? {},
      body,
      ...(bodyIsStream ? { duplex: 'half' } : {}),
    } as RequestInit)
  } catch (error) {
    throw new InvalidSigningInputError(`the request cannot be built: ${(error as Error).message}`, { cause: error })
  }
  const knownBytes =
    typeof body === 'string'
      ? body
      : body instanceof ArrayBuffer
        ? new Uint8Array(body)
        : ArrayBuffer.isView(body)
          ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
          : undefined
  return knownBytes === undefined ? { request, url, bodyIsStream } : { request, url, bodyIsStream, knownBytes }
}

function parseUrl(url: string | URL): URL {
  try {
    return new URL(url)
  } catch (error) {
    throw new InvalidSigningInputError(`not an absolute URL: ${String(url).slice(0, 200)}`, { cause: error })
  }
}

export async function payloadHashOf(
  prepared: PreparedRequest,
  options: { payloadHash?: string | undefined; unsignedPayload?: boolean | undefined; s3: boolean },
  crypto: SigningCrypto,
): Promise<string> {
  if (options.payloadHash !== undefined) {
    if (!/^[0-9a-f]{64}$/.test(options.payloadHash) && options.payloadHash !== unsignedPayload) {
      throw new InvalidSigningInputError('payloadHash must be a lowercase hex SHA-256 or UNSIGNED-PAYLOAD')
    }
    return options.payloadHash
  }
  if (options.unsignedPayload) return unsignedPayload
  if (prepared.knownBytes !== undefined) {
    return prepared.knownBytes.length === 0 ? emptyPayloadHash : crypto.sha256Hex(prepared.knownBytes)
  }
  if (prepared.request.body === null) return emptyPayloadHash
  if (prepared.bodyIsStream) {
    if (options.s3) return unsignedPayload
    throw new PayloadHashRequiredError(
      'the body is a ReadableStream, which is never read for signing: pass payloadHash, or unsignedPayload where the service accepts it',
    )
  }
  const bytes = new Uint8Array(await prepared.request.clone().arrayBuffer())
  return bytes.length === 0 ? emptyPayloadHash : crypto.sha256Hex(bytes)
}
