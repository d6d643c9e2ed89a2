import { ProfileConfigError } from '../errors.js'
import { describeSetting } from './describe-setting.js'
import { readVariable, type Environment } from './profile-file-locations.js'
import { parseSubProperties, type ProfileSection, type ProfileSet } from './profile-set.js'

export interface StsSettings {
  /** The region STS is called in, and signed for. */
  readonly region: string
  /** Undefined: the regional endpoint of `region`. */
  readonly endpoint?: string
}

export interface StsSettingsOptions {
  readonly env: Environment
  readonly profile: ProfileSection | undefined
  readonly profiles: ProfileSet
  /** Code beats every environment variable and file setting. */
  readonly region?: string | undefined
  readonly endpoint?: string | URL | undefined
}

// The regions where `sts_regional_endpoints = legacy` still means the global endpoint
// (SDKs & Tools reference: "STS Regional endpoints"; aws-sdk-js-v3 client-sts endpoint ruleset).
const legacyGlobalRegions = new Set([
  'ap-northeast-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'aws-global', 'ca-central-1', 'eu-central-1',
  'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
])

/**
 * Where a profile's role assumption calls STS, following the SDKs & Tools reference guide:
 * - region: code, `AWS_REGION`, the profile's `region`, `AWS_DEFAULT_REGION`, then `us-east-1`;
 * - endpoint ("service-specific endpoints"): code, `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the
 *   `sts` block of the profile's `[services]` section, the profile's `endpoint_url`; none of the
 *   configured ones when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` / `ignore_configured_endpoint_urls`
 *   is true;
 * - `AWS_STS_REGIONAL_ENDPOINTS` / `sts_regional_endpoints`: `regional` (the default) or `legacy`,
 *   which sends the legacy regions to the global endpoint, signed for us-east-1.
 */
export function stsSettings(options: StsSettingsOptions): StsSettings {
  const { env, profile } = options
  const setting = (key: string) => {
    const value = profile?.properties[key]
    return value === undefined || value.trim() === '' ? undefined : value.trim()
  }
  const region = options.region ?? readVariable(env, 'AWS_REGION') ?? setting('region') ?? readVariable(env, 'AWS_DEFAULT_REGION') ?? 'us-east-1'
  if (options.endpoint !== undefined) return { region, endpoint: String(options.endpoint) }

  const ignoreConfigured = (readVariable(env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS') ?? setting('ignore_configured_endpoint_urls'))
  if (ignoreConfigured?.trim().toLowerCase() !== 'true') {
    const endpoint =
      readVariable(env, 'AWS_ENDPOINT_URL_STS') ??
      readVariable(env, 'AWS_ENDPOINT_URL') ??
      servicesEndpoint(options) ??
      setting('endpoint_url')
    if (endpoint !== undefined) return { region, endpoint: endpoint.trim() }
  }

  const variable = readVariable(env, 'AWS_STS_REGIONAL_ENDPOINTS')
  const mode = (variable ?? setting('sts_regional_endpoints'))?.trim().toLowerCase()
  if (mode !== undefined && mode !== 'regional' && mode !== 'legacy') {
    const where = variable !== undefined ? 'AWS_STS_REGIONAL_ENDPOINTS' : `sts_regional_endpoints in ${describeSetting(profile!, 'sts_regional_endpoints')}`
    throw new ProfileConfigError(`${where} must be "regional" or "legacy", not ${JSON.stringify(mode)}`, profile?.name ?? '')
  }
  if (mode === 'legacy' && legacyGlobalRegions.has(region)) return { region: 'us-east-1', endpoint: 'https://sts.amazonaws.com/' }
  if (region === 'aws-global') return { region: 'us-east-1', endpoint: 'https://sts.amazonaws.com/' }
  return { region }
}

function servicesEndpoint({ profile, profiles }: StsSettingsOptions): string | undefined {
  const name = profile?.properties['services']?.trim()
  if (name === undefined || name === '') return undefined
  const block = profiles.sections.get('services')?.get(name)?.properties['sts']
  if (block === undefined) return undefined
  const value = parseSubProperties(block)['endpoint_url']
  return value === undefined || value === '' ? undefined : value
}
