import { InstanceMetadataError } from '../errors.js'
import { isSendableHeaderValue } from '../http/header-value.js'
import { NoAnswer, noAnswerReason, requestWithRetries, type HttpAnswer } from '../http/request-with-retries.js'

export const tokenTtlSeconds = 21_600
const ttlHeader = 'x-aws-ec2-metadata-token-ttl-seconds'
const tokenHeader = 'x-aws-ec2-metadata-token'

export interface ImdsClientOptions {
  readonly fetch?: typeof fetch | undefined
  readonly timeoutMs: number
  readonly maxAttempts: number
  readonly now: () => number
}

export interface ImdsRequestSettings {
  readonly endpoint: URL
  /** `AWS_EC2_METADATA_V1_DISABLED` or the profile's `ec2_metadata_v1_disabled`: no request without a session token. */
  readonly v1Disabled: boolean
  /** Which setting disabled IMDSv1, for the error message; default `AWS_EC2_METADATA_V1_DISABLED`. */
  readonly v1DisabledBy?: string
}

export interface ImdsClient {
  /** GET `path` with a session token (cached for its TTL), or without one after a fallback to IMDSv1. */
  get(path: string, settings: ImdsRequestSettings): Promise<HttpAnswer>
}

/**
 * IMDSv2 with the session token cached for its TTL, less a margin (the AWS SDK for JavaScript asks
 * for a new token at every credential fetch). A 401 drops the token and asks for a new one, once.
 * When the token request answers 403, 404 or 405, or times out, requests go without a token
 * (IMDSv1) from then on, unless IMDSv1 is disabled; a 401 to such a request tries IMDSv2 again.
 * A 400 to the token request is an error.
 */
export function createImdsClient(options: ImdsClientOptions): ImdsClient {
  let cached: { origin: string; token: string; refreshAt: number } | undefined
  let v1Origin: string | undefined

  const request = async (url: URL, init: RequestInit, retryTimeouts = true): Promise<HttpAnswer> => {
    try {
      return await requestWithRetries(url, init, { fetch: options.fetch, timeoutMs: options.timeoutMs, maxAttempts: options.maxAttempts, retryTimeouts })
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error
      if (error.kind === 'timeout' && !retryTimeouts) throw error
      throw new InstanceMetadataError(`the instance metadata service at ${url.origin} ${noAnswerReason(error, options.timeoutMs)} (${url.pathname})`, {
        cause: error,
      })
    }
  }

  const sessionToken = async (settings: ImdsRequestSettings): Promise<string | undefined> => {
    const origin = settings.endpoint.origin
    if (cached !== undefined && cached.origin === origin && options.now() < cached.refreshAt) return cached.token
    if (v1Origin === origin && !settings.v1Disabled) return undefined
    const url = new URL('/latest/api/token', settings.endpoint)
    let reason: string
    try {
      const answer = await request(url, { method: 'PUT', headers: { [ttlHeader]: String(tokenTtlSeconds) } }, false)
      const token = answer.body.trim()
      if (answer.status === 200 && token !== '') {
        if (!isSendableHeaderValue(token)) {
          // Refused, not cached: every request would fail with it until its TTL ran out.
          throw new InstanceMetadataError(
            `the instance metadata service at ${origin} answered the IMDSv2 token request with a token that cannot be an HTTP header value`,
            { status: 200 },
          )
        }
        const granted = Number(answer.headers.get(ttlHeader))
        const ttl = Number.isFinite(granted) && granted > 0 ? Math.min(granted, tokenTtlSeconds) : tokenTtlSeconds
        const margin = Math.min(300, ttl / 4)
        cached = { origin, token, refreshAt: options.now() + (ttl - margin) * 1000 }
        v1Origin = undefined
        return cached.token
      }
      if (answer.status === 400) {
        throw new InstanceMetadataError(`the instance metadata service at ${origin} refused the IMDSv2 token request (HTTP 400)`, { status: 400 })
      }
      if (answer.status !== 403 && answer.status !== 404 && answer.status !== 405) {
        throw new InstanceMetadataError(`the instance metadata service at ${origin} answered the IMDSv2 token request with HTTP ${answer.status}`, {
          status: answer.status,
        })
      }
      reason = `HTTP ${answer.status}`
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error
      reason = `no answer within ${options.timeoutMs} ms`
    }
    if (settings.v1Disabled) {
      throw new InstanceMetadataError(
        `the instance metadata service at ${origin} gave no IMDSv2 token (${reason}) and IMDSv1 is disabled (${settings.v1DisabledBy ?? 'AWS_EC2_METADATA_V1_DISABLED'})`,
      )
    }
    v1Origin = origin
    return undefined
  }

  const getWith = async (path: string, settings: ImdsRequestSettings, token: string | undefined) =>
    request(new URL(path, settings.endpoint), { method: 'GET', headers: token === undefined ? {} : { [tokenHeader]: token } })

  return {
    async get(path, settings) {
      const token = await sessionToken(settings)
      const answer = await getWith(path, settings, token)
      if (answer.status !== 401) return answer
      // The token expired or was revoked, or IMDSv1 is no longer allowed: start over with a new token, once.
      cached = undefined
      v1Origin = undefined
      return getWith(path, settings, await sessionToken(settings))
    },
  }
}
