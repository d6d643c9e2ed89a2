import type { Credentials, CredentialsInput } from '../credentials.js'
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

/**
 * Signs a request with credentials resolved already, at the time the clock says, and gives what
 * learns from an error answer to it whether signing again helps (`ClockSkew.learn`). Judged by
 * that request's own time: another call in flight may have taught the clock the offset already,
 * and this request still carries the old time.
 */
export type StsSigning = (request: SignableRequest) => Promise<[request: Request, learn: (code: string | undefined, response: Response) => boolean]>

/** Signs the requests of the signed actions, with the clock corrected by what STS said of it. */
export interface StsSigner {
  readonly clock: ClockSkew
  /**
   * Resolves the credentials, as is done once per call (not per attempt, which would ask a
   * provider again at each retry), and gives them and what signs with them. With the credentials
   * STS `rejected` (expired or invalid), a provider is asked for others: a `cached` one drops
   * them first, any other is called with `forceRefresh`.
   */
  resolve(signal?: AbortSignal, rejected?: Credentials): Promise<[credentials: Credentials, signing: StsSigning]>
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
