/** The emulator's endpoints, each with its own fault and call-counter entry. */
export const endpointNames = ['sts', 'imds', 'container', 'oidc'] as const
export type EndpointName = (typeof endpointNames)[number]

/**
 * What goes wrong on an endpoint. Fields combine: latency is applied first, then the first of
 * drop, throttle, status, malformed that is set; `credentialsExpireIn` shapes successful answers.
 */
export interface FaultSpec {
  /** Delay before answering, milliseconds. */
  readonly latency?: number
  /** Answer with this HTTP status (STS: an ErrorResponse with a matching code). */
  readonly status?: number
  /** STS error code used with `status` (default chosen from the status, e.g. 500 InternalFailure). */
  readonly code?: string
  /** Answer as the endpoint does when throttling (STS 400 Throttling, IMDS/container 429). */
  readonly throttle?: boolean
  /** Destroy the connection without answering. */
  readonly drop?: boolean
  /** Answer 200 with a truncated, unparseable body. */
  readonly malformed?: boolean
  /** Credentials issued while this is set expire this many seconds after issue (negative: already expired). */
  readonly credentialsExpireIn?: number
  /** Only these STS actions (or IMDS/container paths containing one of these strings) are affected. */
  readonly only?: readonly string[]
  /** Affect only the next N matching requests, then clear itself. */
  readonly times?: number
}
