import { redactedCredentials, type CredentialProvider, type Credentials } from '@credkit/core'
import { InstanceMetadataConfigError, InstanceMetadataError } from '../errors.js'
import { createImdsClient, type ImdsRequestSettings } from '../imds/imds-client.js'
import { notConfigured } from '../not-configured.js'
import { readVariable, type Environment } from '../profiles/profile-file-locations.js'

export interface FromInstanceMetadataOptions {
  /** Default `process.env`, read at each call. */
  readonly env?: Environment
  /** Read at each call; default `globalThis.fetch`. */
  readonly fetch?: typeof fetch
  /** Beats `AWS_EC2_METADATA_SERVICE_ENDPOINT` and the endpoint mode. */
  readonly endpoint?: string | URL
  /** Beats `AWS_EC2_INSTANCE_PROFILE_NAME`; default: the name IMDS lists. */
  readonly instanceProfileName?: string
  /** Each attempt is cut off after this long. Default 1000 ms. */
  readonly timeoutMs?: number
  /** Attempts in all, the first included. Default 3. */
  readonly maxAttempts?: number
  /** Milliseconds since the epoch; default `Date.now`. */
  readonly now?: () => number
  /** Default `Math.random`; picks the extension of static stability in [5, 10) minutes. */
  readonly random?: () => number
  /** Told when last or expired credentials are served with an extended expiration. No secret in it. */
  readonly onWarning?: (message: string) => void
}

export const imdsEndpoints = { IPv4: 'http://169.254.169.254', IPv6: 'http://[fd00:ec2::254]' } as const

const extendedPath = '/latest/meta-data/iam/security-credentials-extended/'
const legacyPath = '/latest/meta-data/iam/security-credentials/'

/** Where IMDS is: the option, `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else by `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`. */
export function instanceMetadataEndpoint(env: Environment, endpoint?: string | URL): URL {
  const configured = endpoint !== undefined ? String(endpoint) : readVariable(env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT')?.trim()
  let text: string
  if (configured !== undefined) {
    text = configured
  } else {
    const mode = readVariable(env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE')?.trim().toLowerCase() ?? 'ipv4'
    if (mode !== 'ipv4' && mode !== 'ipv6') {
      throw new InstanceMetadataConfigError(`AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or IPv6, not ${JSON.stringify(mode.slice(0, 20))}`)
    }
    text = mode === 'ipv6' ? imdsEndpoints.IPv6 : imdsEndpoints.IPv4
  }
  try {
    const url = new URL(text)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`scheme ${url.protocol}`)
    return url
  } catch (error) {
    throw new InstanceMetadataConfigError(`the instance metadata endpoint ${JSON.stringify(text.slice(0, 100))} is not an http(s) URL`, { cause: error })
  }
}

const isTrue = (value: string | undefined) => value?.trim().toLowerCase() === 'true'

/**
 * Credentials of the EC2 instance profile from the instance metadata service: IMDSv2 (token cached
 * for its TTL), IMDSv1 fallback unless `AWS_EC2_METADATA_V1_DISABLED=true`, the extended credentials
 * path (with AccountId) falling back for good to the legacy one, 1 s timeouts and 3 attempts.
 * `AWS_EC2_METADATA_DISABLED=true` makes it "not configured". Static stability: once it has returned
 * credentials, a failing IMDS (down, 5xx, garbage) makes it return the last credentials with their
 * expiration moved to 5–10 minutes from now; expired credentials from IMDS are extended the same way.
 */
export function fromInstanceMetadata(options: FromInstanceMetadataOptions = {}): CredentialProvider {
  const now = () => (options.now ?? Date.now)()
  const timeoutMs = options.timeoutMs ?? 1000
  const client = createImdsClient({ fetch: options.fetch, timeoutMs, maxAttempts: options.maxAttempts ?? 3, now })
  let api: 'extended' | 'legacy' = 'extended'
  let resolvedName: { origin: string; name: string } | undefined
  let last: Credentials | undefined

  const extend = (credentials: Credentials, why: string): Credentials => {
    const random = options.random ?? Math.random
    const expiration = new Date(now() + 300_000 + Math.floor(random() * 300_000))
    options.onWarning?.(
      `${why}; using the last credentials from the instance metadata service (access key ${credentials.accessKeyId}) ` +
        `with their expiration extended to ${expiration.toISOString()}`,
    )
    return redactedCredentials({ ...credentials, expiration })
  }

  const listName = async (settings: ImdsRequestSettings): Promise<string> => {
    let answer = await client.get(api === 'extended' ? extendedPath : legacyPath, settings)
    if (answer.status === 404 && api === 'extended') {
      api = 'legacy'
      answer = await client.get(legacyPath, settings)
    }
    if (answer.status === 404) throw new InstanceMetadataError(`the instance has no instance profile (${settings.endpoint.origin}${legacyPath} answered 404)`, { status: 404 })
    if (answer.status !== 200) throw statusError(answer.status, settings, 'listing the instance profile')
    const name = answer.body.split('\n').map((line) => line.trim()).find((line) => line !== '')
    if (name === undefined) throw new InstanceMetadataError(`the instance metadata service listed no instance profile`, { status: 200 })
    return name
  }

  const fetchCredentials = async (settings: ImdsRequestSettings, override: string | undefined): Promise<Credentials> => {
    let reResolved = false
    for (;;) {
      let name = override
      if (name === undefined) {
        if (resolvedName === undefined || resolvedName.origin !== settings.endpoint.origin) {
          resolvedName = { origin: settings.endpoint.origin, name: await listName(settings) }
        }
        name = resolvedName.name
      }
      const path = `${api === 'extended' ? extendedPath : legacyPath}${encodeURIComponent(name)}`
      const answer = await client.get(path, settings)
      if (answer.status === 200) return parseImdsCredentials(answer.body)
      if (answer.status !== 404) throw statusError(answer.status, settings, `getting the credentials of instance profile ${name}`)
      if (override === undefined && !reResolved) {
        // The instance profile may have been replaced: list it again, once.
        reResolved = true
        resolvedName = undefined
        continue
      }
      if (api === 'extended') {
        api = 'legacy'
        continue
      }
      throw new InstanceMetadataError(`the instance metadata service has no credentials for instance profile ${name} (HTTP 404)`, { status: 404 })
    }
  }

  return async () => {
    const env = options.env ?? process.env
    if (isTrue(env['AWS_EC2_METADATA_DISABLED'])) throw notConfigured('the instance metadata service is disabled (AWS_EC2_METADATA_DISABLED)')
    const endpoint = instanceMetadataEndpoint(env, options.endpoint)
    const rawName = options.instanceProfileName ?? env['AWS_EC2_INSTANCE_PROFILE_NAME']
    if (rawName !== undefined && rawName.trim() === '') {
      throw new InstanceMetadataConfigError(
        `${options.instanceProfileName !== undefined ? 'the instanceProfileName option' : 'AWS_EC2_INSTANCE_PROFILE_NAME'} is set but blank`,
      )
    }
    const settings: ImdsRequestSettings = { endpoint, v1Disabled: isTrue(env['AWS_EC2_METADATA_V1_DISABLED']) }
    let credentials: Credentials
    try {
      credentials = await fetchCredentials(settings, rawName?.trim())
    } catch (error) {
      if (last === undefined) throw error
      const reason = error instanceof Error ? error.message : String(error)
      return extend(last, `the instance metadata service failed (${reason})`)
    }
    last = credentials
    if (credentials.expiration !== undefined && credentials.expiration.getTime() <= now()) {
      return extend(credentials, `the instance metadata service returned credentials that expired at ${credentials.expiration.toISOString()}`)
    }
    return credentials
  }
}

function statusError(status: number, settings: ImdsRequestSettings, step: string): InstanceMetadataError {
  return new InstanceMetadataError(`the instance metadata service at ${settings.endpoint.origin} answered HTTP ${status} ${step}`, { status })
}

/** IMDS credentials JSON: `Code` must be `Success` when present; the four fields must be strings. */
export function parseImdsCredentials(body: string): Credentials {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (error) {
    throw new InstanceMetadataError('the instance metadata service answered credentials that are not JSON', { status: 200, cause: error })
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InstanceMetadataError('the instance metadata service answered credentials that are not a JSON object', { status: 200 })
  }
  const record = json as Record<string, unknown>
  if (record['Code'] !== undefined && record['Code'] !== 'Success') {
    const code = typeof record['Code'] === 'string' ? record['Code'].slice(0, 100) : JSON.stringify(record['Code'])
    const message = typeof record['Message'] === 'string' ? `: ${JSON.stringify(record['Message'].slice(0, 300))}` : ''
    throw new InstanceMetadataError(`the instance metadata service answered Code ${code}${message}`, { status: 200 })
  }
  const missing = ['AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration'].filter((key) => typeof record[key] !== 'string' || record[key] === '')
  if (missing.length > 0) {
    throw new InstanceMetadataError(`the instance metadata service answered credentials without ${missing.join(', ')}`, { status: 200 })
  }
  const expiration = new Date(record['Expiration'] as string)
  if (!Number.isFinite(expiration.getTime())) {
    throw new InstanceMetadataError(
      `the instance metadata service answered an Expiration that is not a date: ${JSON.stringify((record['Expiration'] as string).slice(0, 40))}`,
      { status: 200 },
    )
  }
  const accountId = typeof record['AccountId'] === 'string' && record['AccountId'] !== '' ? record['AccountId'] : undefined
  return redactedCredentials({
    accessKeyId: record['AccessKeyId'] as string,
    secretAccessKey: record['SecretAccessKey'] as string,
    sessionToken: record['Token'] as string,
    expiration,
    ...(accountId !== undefined ? { accountId } : {}),
  })
}
