import type { CredentialsInput } from '../credentials.js'
import { InvalidSigningInputError } from '../errors.js'
import type { ClockSkew } from '../http/clock-skew.js'
import { checkRetryOptions, type RetryOptions } from '../http/retry.js'
import type { SignableRequest } from '../signable-request.js'
import { stsEndpoint } from './sts-endpoint.js'

export interface StsClientOptions {
  /** Default `us-east-1`, as the AWS SDKs when nothing is configured. */
  readonly region?: string
  /** Overrides the regional endpoint, e.g. the emulator's URL. */
  readonly endpoint?: string | URL
  readonly useFipsEndpoint?: boolean
  readonly useDualstackEndpoint?: boolean
  /** For every action but AssumeRoleWithWebIdentity and AssumeRoleWithSAML, which are unsigned. */
  readonly credentials?: CredentialsInput
  /** Read at each call, so a later polyfill or test double is seen. */
  readonly fetch?: typeof fetch
  readonly now?: () => number
  readonly retry?: RetryOptions
  readonly random?: () => number
}

/** Signs the requests of the signed actions, with the clock corrected by what STS said of it. */
export interface StsSigner {
  readonly clock: ClockSkew
  /**
   * Resolves the credentials, as is done once per call (not per attempt, which would ask a
   * provider again at each retry), and gives what signs with them.
   */
  resolve(signal?: AbortSignal): Promise<(request: SignableRequest) => Promise<Request>>
  /**
   * Learns from an error answer to `request`: true when STS says the clock is off and its `Date`
   * is 4 minutes or more from the time `request` was signed at, so signing it again helps. Judged
   * by the request's own time, not by what the clock learns now: another call in flight may have
   * learnt the offset already, and this request still carries the old time.
   */
  learn(code: string | undefined, response: Response, request: Request): boolean
}

/** What each STS action is called with: the options, the endpoint resolved, and a signer when there are credentials. */
export interface StsConfig extends StsClientOptions {
  readonly region: string
  readonly url: URL
  readonly signer?: StsSigner
}

/** The options resolved, once checked: anything of the wrong shape is an `InvalidSigningInputError` naming it. */
export function resolveStsConfig(options: StsClientOptions = {}): StsConfig {
  if (typeof options != 'object' || !options) throw new InvalidSigningInputError('STS client options: not an object')
  // Refused here, when the client is made, rather than at its first call.
  checkRetryOptions(options.retry)
  const { region = 'us-east-1', endpoint } = options
  if (typeof region != 'string') throw new InvalidSigningInputError(`region: not a string but a ${typeof region}`)
  return { ...options, region, url: endpoint ? endpointUrl(endpoint) : stsEndpoint({ ...options, region }) }
}

// The endpoint itself is not quoted: it may carry a password.
function endpointUrl(endpoint: string | URL): URL {
  try {
    const url = new URL(endpoint)
    if (/^https?:$/.test(url.protocol) && !url.username && !url.password) return url
  } catch {
    // Not a URL at all, refused as the others.
  }
  throw new InvalidSigningInputError('endpoint: not an http or https URL without a username or password')
}
