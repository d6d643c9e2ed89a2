import { redactedCredentials, type CredentialProvider } from '@credkit/core/credentials'
import { loadProfileSet } from '../profiles/load-profile-set.js'
import { profileFileLocations } from '../profiles/profile-file-locations.js'
import {
  resolveProfileCredentials,
  type CredentialSources,
  type MfaCodeProvider,
} from '../profiles/resolve-profile-credentials.js'
import { stsSettings, type StsSettings } from '../profiles/sts-settings.js'
import type { NodeProviderOptions } from '../provider-options.js'
import type { CredentialProcessOptions } from './from-process.js'

export interface FromIniOptions extends NodeProviderOptions, CredentialProcessOptions {
  /** For the STS calls; read at each call, default `globalThis.fetch`. */
  readonly fetch?: typeof fetch
  /** Asked for a code whenever a profile with `mfa_serial` assumes its role. */
  readonly mfaCodeProvider?: MfaCodeProvider
  /** The STS region, over `AWS_REGION` and the profile's `region`. */
  readonly region?: string
  /** The STS endpoint, over every configured one (`AWS_ENDPOINT_URL_STS`, `[services]`, …). */
  readonly stsEndpoint?: string | URL
  /** For profiles without `role_session_name`; default `credkit-<milliseconds>`. */
  readonly roleSessionName?: string
  /** The providers behind `credential_source = Ec2InstanceMetadata` and `EcsContainer`. */
  readonly credentialSources?: CredentialSources
}

/**
 * Credentials from the shared config and credentials files: static keys, roles assumed from a
 * `source_profile` chain or a `credential_source`, web identity token files and
 * `credential_process`. The files are read at each call, so edits are seen; wrap the provider in
 * core's refresh engine to cache what it returns.
 *
 * "Not configured" (a chain moves on) when the profile was not chosen and does not exist, or has
 * no credential settings. A profile chosen by `profile` or `AWS_PROFILE` that does not exist, and
 * any profile that is configured but broken, is an error naming the profile and the file.
 */
export function fromIni(options: FromIniOptions = {}): CredentialProvider {
  return async () => {
    const env = options.env ?? process.env
    const locations = profileFileLocations({ ...options, env })
    const profiles = await loadProfileSet(locations)
    // Worked out only when a role is assumed: a bad STS setting must not break a profile with keys.
    let sts: StsSettings | undefined
    const stsFor = () =>
      (sts ??= stsSettings({
        env,
        profile: profiles.profiles.get(locations.profile),
        profiles,
        region: options.region,
        endpoint: options.stsEndpoint,
      }))
    const credentials = await resolveProfileCredentials(
      locations.profile,
      {
        ...options,
        env,
        profiles,
        sts: stsFor,
        fetch: options.fetch,
      },
      { chosen: locations.profileChosen },
    )
    // util.inspect, console.log and JSON.stringify of the result show no secret.
    return redactedCredentials(credentials)
  }
}
