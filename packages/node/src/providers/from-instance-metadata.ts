import { parseRfc3339Timestamp, redactedCredentials, type CredentialProvider, type Credentials } from '@credkit/core/credentials'
import { InstanceMetadataConfigError, InstanceMetadataError } from '../errors.js'
import { createImdsClient, type ImdsRequestSettings } from '../imds/imds-client.js'
import { notConfigured } from '../not-configured.js'
import { describeSetting } from '../profiles/describe-setting.js'
import { loadProfileSet } from '../profiles/load-profile-set.js'
import { profileFileLocations, readVariable, type Environment } from '../profiles/profile-file-locations.js'
import type { ProfileSection } from '../profiles/profile-set.js'
import { missingCredentialFields, remoteCredentials } from './remote-credentials.js'

export interface FromInstanceMetadataOptions {
  /** Default `process.env`, read at each call. */
  readonly env?: Environment
  /** Read at each call; default `globalThis.fetch`. */
  readonly fetch?: typeof fetch
  /**
   * The config-file profile whose `ec2_metadata_service_endpoint`, `ec2_metadata_service_endpoint_mode`,
   * `ec2_metadata_v1_disabled` and `ec2_instance_profile_name` are read when the environment does
   * not set them. Default `AWS_PROFILE`, then `default`.
   */
  readonly profile?: string
  /** Take precedence over `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`. */
  readonly configFile?: string
  readonly credentialsFile?: string
  /** Beats `AWS_EC2_METADATA_SERVICE_ENDPOINT` and the endpoint mode. */
  readonly endpoint?: string | URL
  /** Beats `AWS_EC2_INSTANCE_PROFILE_NAME` and `ec2_instance_profile_name`; default: the name IMDS lists. */
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

/** A profile setting, `undefined` when absent or blank, with where it was defined. */
function profileValue(profile: ProfileSection | undefined, key: string): { value: string; where: string } | undefined {
  const value = profile?.properties[key]
  if (profile === undefined || value === undefined || value.trim() === '') return undefined
  return { value: value.trim(), where: `${key} in ${describeSetting(profile, key)}` }
}

/**
 * Where IMDS is: the option, `AWS_EC2_METADATA_SERVICE_ENDPOINT`, the profile's
 * `ec2_metadata_service_endpoint`, else by the endpoint mode (`AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`,
 * then the profile's `ec2_metadata_service_endpoint_mode`). As in the AWS SDKs, an endpoint from
 * either source beats a mode from either source.
 */
export function instanceMetadataEndpoint(env: Environment, endpoint?: string | URL, profile?: ProfileSection): URL {
  let text: string
  let where: string
  const fromEnv = readVariable(env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT')?.trim()
  const fromProfile = profileValue(profile, 'ec2_metadata_service_endpoint')
  if (endpoint !== undefined) {
    text = String(endpoint)
    where = 'the endpoint option'
  } else if (fromEnv !== undefined) {
    text = fromEnv
    where = 'AWS_EC2_METADATA_SERVICE_ENDPOINT'
  } else if (fromProfile !== undefined) {
    text = fromProfile.value
    where = fromProfile.where
  } else {
    const modeFromEnv = readVariable(env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE')?.trim()
    const modeFromProfile = profileValue(profile, 'ec2_metadata_service_endpoint_mode')
    const mode = (modeFromEnv ?? modeFromProfile?.value ?? 'IPv4').toLowerCase()
    if (mode !== 'ipv4' && mode !== 'ipv6') {
      const source = modeFromEnv !== undefined ? 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE' : modeFromProfile!.where
      throw new InstanceMetadataConfigError(`${source} must be IPv4 or IPv6, not ${JSON.stringify(mode.slice(0, 20))}`)
    }
    text = mode === 'ipv6' ? imdsEndpoints.IPv6 : imdsEndpoints.IPv4
    where = 'the endpoint mode'
  }
  try {
    const url = new URL(text)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`scheme ${url.protocol}`)
    return url
  } catch (error) {
    throw new InstanceMetadataConfigError(`the instance metadata endpoint ${JSON.stringify(text.slice(0, 100))} (${where}) is not an http(s) URL`, {
      cause: error,
    })
  }
}

const isTrue = (value: string | undefined) => value?.trim().toLowerCase() === 'true'

/**
 * `AWS_EC2_METADATA_DISABLED` set (not blank) to anything but `false` (any case), as the AWS SDK for
 * JavaScript v3 reads it (REFERENCE.md row 18): `1` and `yes` disable IMDS too. The one rule for
 * this provider, the chain's remote link and `credential_source = Ec2InstanceMetadata`.
 */
export function isInstanceMetadataDisabled(env: Environment): boolean {
  const value = readVariable(env, 'AWS_EC2_METADATA_DISABLED')
  return value !== undefined && value.trim().toLowerCase() !== 'false'
}

/**
 * Credentials of the EC2 instance profile from the instance metadata service: IMDSv2 (token cached
 * for its TTL), IMDSv1 fallback unless `AWS_EC2_METADATA_V1_DISABLED=true` (or, with the variable
 * unset, the profile's `ec2_metadata_v1_disabled = true`), the extended credentials
 * path (with AccountId) falling back for good to the legacy one, 1 s timeouts and 3 attempts.
 * `AWS_EC2_METADATA_DISABLED` set to anything but `false` makes it "not configured". Static stability: once it has returned
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
    if (isInstanceMetadataDisabled(env)) throw notConfigured('the instance metadata service is disabled (AWS_EC2_METADATA_DISABLED)')
    // The config file is read at each call, as fromIni reads it; a malformed one is its typed error.
    const locations = profileFileLocations({
      env,
      ...(options.profile !== undefined ? { profile: options.profile } : {}),
      ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
      ...(options.credentialsFile !== undefined ? { credentialsFile: options.credentialsFile } : {}),
    })
    const profile = (await loadProfileSet(locations)).profiles.get(locations.profile)
    const endpoint = instanceMetadataEndpoint(env, options.endpoint, profile)
    const name = instanceProfileName(env, options.instanceProfileName, profile)
    const settings: ImdsRequestSettings = { endpoint, ...v1Disabled(env, profile) }
    let credentials: Credentials
    try {
      credentials = await fetchCredentials(settings, name)
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

/** The option, `AWS_EC2_INSTANCE_PROFILE_NAME`, else the profile's `ec2_instance_profile_name`; set but blank is an error. */
function instanceProfileName(env: Environment, option: string | undefined, profile: ProfileSection | undefined): string | undefined {
  const [raw, where] =
    option !== undefined
      ? [option, 'the instanceProfileName option']
      : env['AWS_EC2_INSTANCE_PROFILE_NAME'] !== undefined
        ? [env['AWS_EC2_INSTANCE_PROFILE_NAME'], 'AWS_EC2_INSTANCE_PROFILE_NAME']
        : profile?.properties['ec2_instance_profile_name'] !== undefined
          ? [profile.properties['ec2_instance_profile_name'], `ec2_instance_profile_name in ${describeSetting(profile, 'ec2_instance_profile_name')}`]
          : [undefined, '']
  if (raw === undefined) return undefined
  if (raw.trim() === '') throw new InstanceMetadataConfigError(`${where} is set but blank`)
  return raw.trim()
}

/** `AWS_EC2_METADATA_V1_DISABLED` when set (not blank), else the profile's `ec2_metadata_v1_disabled`; only `true` (any case) disables. */
function v1Disabled(env: Environment, profile: ProfileSection | undefined): { v1Disabled: boolean; v1DisabledBy?: string } {
  const fromEnv = readVariable(env, 'AWS_EC2_METADATA_V1_DISABLED')
  if (fromEnv !== undefined) return isTrue(fromEnv) ? { v1Disabled: true, v1DisabledBy: 'AWS_EC2_METADATA_V1_DISABLED' } : { v1Disabled: false }
  const fromProfile = profileValue(profile, 'ec2_metadata_v1_disabled')
  return fromProfile !== undefined && isTrue(fromProfile.value) ? { v1Disabled: true, v1DisabledBy: fromProfile.where } : { v1Disabled: false }
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
  const missing = missingCredentialFields(record)
  if (missing.length > 0) {
    throw new InstanceMetadataError(`the instance metadata service answered credentials without ${missing.join(', ')}`, { status: 200 })
  }
  const expiration = parseRfc3339Timestamp(record['Expiration'] as string)
  if (expiration === undefined) {
    // Not quoted: it comes from the document that holds the secret key.
    throw new InstanceMetadataError('the instance metadata service answered an Expiration that is not an RFC 3339 timestamp', { status: 200 })
  }
  return remoteCredentials(record, expiration)
}
