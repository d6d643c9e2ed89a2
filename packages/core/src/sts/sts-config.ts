import type { CredentialsInput } from '../credentials.js'
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
  sign(request: SignableRequest): Promise<Request>
}

/** What each STS action is called with: the options, the endpoint resolved, and a signer when there are credentials. */
export interface StsConfig extends StsClientOptions {
  readonly region: string
  readonly url: URL
  readonly signer?: StsSigner
}

export function resolveStsConfig(options: StsClientOptions = {}): StsConfig {
  // Refused here, when the client is made, rather than at its first call.
  checkRetryOptions(options.retry)
  const region = options.region ?? 'us-east-1'
  return { ...options, region, url: options.endpoint ? new URL(options.endpoint) : stsEndpoint({ ...options, region }) }
}
