import type { CredentialProvider, Credentials } from '@credkit/core'
import { InvalidCredentialsError, parseRfc3339Timestamp } from '@credkit/core/credentials'
import { ContainerAuthorizationTokenError, ContainerCredentialsError, ContainerEndpointNotAllowedError } from '../errors.js'
import { fileErrorReason, readRegularFile } from '../files/read-regular-file.js'
import { isSendableHeaderValue } from '../http/header-value.js'
import { NoAnswer, noAnswerReason, requestWithRetries } from '../http/request-with-retries.js'
import { notConfigured } from '../not-configured.js'
import { readVariable, type Environment } from '../profiles/profile-file-locations.js'
import { missingCredentialFields, remoteCredentials } from './remote-credentials.js'

export interface FromContainerMetadataOptions {
  /** Default `process.env`, read at each call. */
  readonly env?: Environment
  /** Read at each call; default `globalThis.fetch`. */
  readonly fetch?: typeof fetch
  /** Each attempt is cut off after this long. Default 1000 ms, as the AWS SDK for JavaScript. */
  readonly timeoutMs?: number
  /** Attempts in all, the first included. Default 3. */
  readonly maxAttempts?: number
  /** Milliseconds since the epoch; default `Date.now`. */
  readonly now?: () => number
}

/** The ECS task metadata endpoint that `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is relative to. */
export const ecsContainerHost = 'http://169.254.170.2'

const allowedHttpHosts = new Set(['localhost', '[::1]', '169.254.170.2', '169.254.170.23', '[fd00:ec2::23]'])

/** Whether plain http to `hostname` (as `URL` normalises it) is allowed: loopback, ECS, EKS Pod Identity. */
function isAllowedHttpHost(hostname: string): boolean {
  if (allowedHttpHosts.has(hostname)) return true
  // `URL` has already normalised IPv4 (127.1 → 127.0.0.1, 0x7f.0.0.1 → 127.0.0.1).
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/**
 * The URL the container credentials come from, checked against the allowed hosts; undefined when
 * neither `AWS_CONTAINER_CREDENTIALS_FULL_URI` nor `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is set.
 * FULL_URI wins when both are set; RELATIVE_URI is a path on http://169.254.170.2.
 */
export function containerCredentialsUrl(env: Environment): URL | undefined {
  const full = readVariable(env, 'AWS_CONTAINER_CREDENTIALS_FULL_URI')
  const relative = readVariable(env, 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI')
  if (full === undefined && relative === undefined) return undefined
  const variable = full !== undefined ? 'AWS_CONTAINER_CREDENTIALS_FULL_URI' : 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'
  const text = full !== undefined ? full.trim() : `${ecsContainerHost}${relative!.trim().startsWith('/') ? '' : '/'}${relative!.trim()}`
  let url: URL
  try {
    url = new URL(text)
  } catch (error) {
    throw new ContainerEndpointNotAllowedError(`${variable} is not a URL`, { cause: error })
  }
  if (url.username !== '' || url.password !== '') {
    throw new ContainerEndpointNotAllowedError(`${variable} must not hold a user name or password`)
  }
  if (url.protocol === 'https:') return url
  if (url.protocol === 'http:' && isAllowedHttpHost(url.hostname)) return url
  const where = url.protocol === 'http:' ? `host ${url.hostname}` : `scheme ${url.protocol}`
  throw new ContainerEndpointNotAllowedError(
    `${variable} names ${where}, which is not allowed: plain http only to loopback, 169.254.170.2, 169.254.170.23 or [fd00:ec2::23], https to any host`,
  )
}

/**
 * The Authorization header value: `AWS_CONTAINER_AUTHORIZATION_TOKEN`, else the contents of the file
 * named by `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, read at every call (EKS rotates it); surrounding
 * whitespace of the file is dropped. A token that cannot be a header value is refused, unquoted.
 */
export async function containerAuthorizationToken(env: Environment): Promise<string | undefined> {
  const direct = readVariable(env, 'AWS_CONTAINER_AUTHORIZATION_TOKEN')
  let token: string
  let where: string
  if (direct !== undefined) {
    token = direct
    where = 'AWS_CONTAINER_AUTHORIZATION_TOKEN'
  } else {
    const path = readVariable(env, 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE')
    if (path === undefined) return undefined
    where = `the file ${path} (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)`
    try {
      token = (await readRegularFile(path)).trim()
    } catch (error) {
      throw new ContainerAuthorizationTokenError(`cannot read ${where}: ${fileErrorReason(error)}`, { cause: error })
    }
    if (token === '') throw new ContainerAuthorizationTokenError(`${where} is empty`)
  }
  if (!isSendableHeaderValue(token)) {
    throw new ContainerAuthorizationTokenError(
      `the container authorization token in ${where} holds a NUL, CR, LF or a character beyond U+00FF, which an HTTP header cannot carry`,
    )
  }
  return token
}

/**
 * Credentials from the ECS task metadata endpoint or the EKS Pod Identity agent, with
 * `AWS_CONTAINER_CREDENTIALS_FULL_URI` / `_RELATIVE_URI` and `AWS_CONTAINER_AUTHORIZATION_TOKEN` /
 * `_TOKEN_FILE`. With neither URI set the provider is "not configured" and a chain moves on.
 * Credentials that have already expired are an `InvalidCredentialsError`.
 */
export function fromContainerMetadata(options: FromContainerMetadataOptions = {}): CredentialProvider {
  return async () => {
    const env = options.env ?? process.env
    const url = containerCredentialsUrl(env)
    if (url === undefined) {
      throw notConfigured('AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_CREDENTIALS_RELATIVE_URI are not set')
    }
    const token = await containerAuthorizationToken(env)
    const where = `the container credentials endpoint ${url.origin}${url.pathname}`
    let answer
    try {
      answer = await requestWithRetries(
        url,
        { method: 'GET', headers: { accept: 'application/json', ...(token !== undefined ? { authorization: token } : {}) } },
        { fetch: options.fetch, timeoutMs: options.timeoutMs ?? 1000, maxAttempts: options.maxAttempts ?? 3 },
      )
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error
      throw new ContainerCredentialsError(`${where} ${noAnswerReason(error, options.timeoutMs ?? 1000)}`, { cause: error })
    }
    const credentials = parseContainerAnswer(answer.status, answer.body, where)
    // Refused, as the AWS SDKs refuse them, rather than handed to a caller who would sign with
    // them; unlike IMDS, the container endpoints promise no static stability to extend them by.
    if (credentials.expiration!.getTime() <= (options.now ?? Date.now)()) {
      throw new InvalidCredentialsError(`${where} answered credentials that expired at ${credentials.expiration!.toISOString()}`)
    }
    return credentials
  }
}

function parseContainerAnswer(status: number, body: string, where: string): Credentials {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    json = undefined
  }
  const record = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined
  if (status < 200 || status > 299) {
    // Both bounded, as IMDS's are: an endpoint can answer anything.
    const code = typeof record?.['Code'] === 'string' ? (record['Code'] as string).slice(0, 100) : undefined
    const message = typeof record?.['Message'] === 'string' ? (record['Message'] as string).slice(0, 300) : undefined
    const detail = code !== undefined ? `: ${code}${message !== undefined ? ` ${JSON.stringify(message)}` : ''}` : ''
    throw new ContainerCredentialsError(`${where} answered HTTP ${status}${detail}`, { status, errorCode: code })
  }
  if (record === undefined) throw new ContainerCredentialsError(`${where} answered something that is not a JSON object`, { status })
  const missing = missingCredentialFields(record)
  if (missing.length > 0) {
    throw new ContainerCredentialsError(`${where} answered JSON without ${missing.join(', ')}`, { status })
  }
  const expiration = parseRfc3339Timestamp(record['Expiration'] as string)
  if (expiration === undefined) {
    // Not quoted: it comes from the document that holds the secret key.
    throw new ContainerCredentialsError(`${where} answered an Expiration that is not an RFC 3339 timestamp`, { status })
  }
  return remoteCredentials(record, expiration)
}
