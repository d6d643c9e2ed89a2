import { CredentialsNotConfiguredError, type CredentialProvider, type Credentials } from '@credkit/core/credentials'
import { loadCore } from '../core.js'
import {
  CredentialSourceUnavailableError,
  MfaCodeRequiredError,
  ProfileConfigError,
  ProfileChainTooLongError,
  ProfileCredentialsError,
  ProfileCycleError,
  TokenFileError,
} from '../errors.js'
import { fileErrorReason, readRegularFile } from '../files/read-regular-file.js'
import { notConfigured } from '../not-configured.js'
import { runCredentialProcess, type CredentialProcessOptions } from '../providers/from-process.js'
import { fromEnv } from '../providers/from-env.js'
import type { NodeProviderOptions } from '../provider-options.js'
import { describeSetting } from './describe-setting.js'
import type { Environment } from './profile-file-locations.js'
import type { ProfileSection, ProfileSet } from './profile-set.js'
import type { StsSettings } from './sts-settings.js'

/** Asked for the current code of the MFA device named by a profile's `mfa_serial`. */
export type MfaCodeProvider = (serialNumber: string) => string | Promise<string>

/** The providers behind `credential_source`; absent ones are reported, never guessed. */
export interface CredentialSources {
  readonly Ec2InstanceMetadata?: CredentialProvider
  readonly EcsContainer?: CredentialProvider
}

export interface ResolveContext extends CredentialProcessOptions, Pick<NodeProviderOptions, 'now' | 'signal'> {
  readonly env: Environment
  readonly profiles: ProfileSet
  /** Where STS is, worked out on first use. */
  readonly sts: () => StsSettings
  readonly fetch?: typeof fetch | undefined
  readonly mfaCodeProvider?: MfaCodeProvider | undefined
  readonly credentialSources?: CredentialSources | undefined
  /** Used when a profile has no `role_session_name`; default `credkit-<milliseconds>`. */
  readonly roleSessionName?: string | undefined
}

/**
 * How many `source_profile` hops are followed. The AWS SDKs set no limit (they only detect cycles),
 * so a long enough chain overflows the stack; each hop is an STS AssumeRole call and AWS caps a
 * chained role session at one hour, so no working configuration comes near 20.
 */
export const maxSourceProfileHops = 20

/** A chain of profile names for a message: at most 10 shown, each at most 64 characters. */
function describeChain(names: readonly string[]): string {
  const shown = names.map((name) => (name.length > 64 ? `${name.slice(0, 64)}…` : name))
  if (shown.length <= 10) return shown.join(' → ')
  return `${shown.slice(0, 5).join(' → ')} → … (${shown.length - 10} more) → ${shown.slice(-5).join(' → ')}`
}

const minimumDuration = 900
const maximumDuration = 43_200
const defaultDuration = 3600

/**
 * Credentials for `name`, following the AWS rules (SDKs & Tools reference guide, "Assume role
 * credential provider"; botocore `AssumeRoleProvider`; aws-sdk-js-v3 `resolveProfileData`):
 * - the selected profile: `role_arn` with `source_profile` or `credential_source` first, then
 *   static keys, then `role_arn` with `web_identity_token_file`, then `credential_process`;
 * - a source profile reached through `source_profile`: its static keys, when it has them, win over
 *   its own `role_arn` (so a chain ends at the first profile with keys), else the same order;
 * - a profile may name itself as `source_profile` to use its own keys for its role; any other
 *   repeat is a cycle.
 */
export async function resolveProfileCredentials(
  name: string,
  context: ResolveContext,
  selection: { chosen: boolean },
): Promise<Credentials> {
  const profile = context.profiles.profiles.get(name)
  if (profile === undefined) {
    const files = context.profiles.files.length > 0 ? context.profiles.files.join(' or ') : 'the config and credentials files (neither exists)'
    if (selection.chosen) throw new ProfileConfigError(`profile '${name}' is not in ${files}`, name)
    throw notConfigured(`no profile '${name}' in ${files}`)
  }
  return resolve(profile, [], context)
}

async function resolve(profile: ProfileSection, visited: readonly string[], context: ResolveContext): Promise<Credentials> {
  const settings = profile.properties
  const has = (key: string) => settings[key] !== undefined && settings[key]!.trim() !== ''
  const isSource = visited.length > 0

  if (isSource && has('aws_access_key_id')) return staticCredentials(profile)
  if (has('role_arn') && (has('source_profile') || has('credential_source'))) return assumeRole(profile, visited, context)
  if (has('aws_access_key_id') || has('aws_secret_access_key')) return staticCredentials(profile)
  if (has('role_arn') && has('web_identity_token_file')) return webIdentity(profile, context)
  if (has('credential_process')) return runCredentialProcess(profile, context)
  if (has('role_arn')) {
    throw new ProfileConfigError(
      `${describeSetting(profile, 'role_arn')} has role_arn but none of source_profile, credential_source or web_identity_token_file`,
      profile.name,
    )
  }
  if (has('sso_session') || has('sso_start_url')) {
    throw new ProfileConfigError(
      `${describeSetting(profile)} uses IAM Identity Center (SSO), which credkit does not read; ` +
        `use credential_process = aws configure export-credentials --profile ${profile.name} --format process`,
      profile.name,
    )
  }
  const message = `${describeSetting(profile)} has no credentials (keys, role_arn, web_identity_token_file or credential_process)`
  if (isSource) throw new ProfileConfigError(message, profile.name)
  throw notConfigured(message)
}

function staticCredentials(profile: ProfileSection): Credentials {
  const value = (key: string) => {
    const text = profile.properties[key]?.trim()
    return text === undefined || text === '' ? undefined : text
  }
  const accessKeyId = value('aws_access_key_id')
  const secretAccessKey = value('aws_secret_access_key')
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    const [present, missing] = accessKeyId === undefined ? ['aws_secret_access_key', 'aws_access_key_id'] : ['aws_access_key_id', 'aws_secret_access_key']
    throw new ProfileConfigError(`${describeSetting(profile, present)} has ${present} but no ${missing}`, profile.name)
  }
  // aws_security_token is the name boto2 used; botocore still reads it.
  const sessionToken = value('aws_session_token') ?? value('aws_security_token')
  const accountId = value('aws_account_id')
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken !== undefined ? { sessionToken } : {}),
    ...(accountId !== undefined ? { accountId } : {}),
  }
}

async function sourceCredentials(profile: ProfileSection, visited: readonly string[], context: ResolveContext): Promise<Credentials> {
  const settings = profile.properties
  const source = settings['source_profile']?.trim()
  const credentialSource = settings['credential_source']?.trim()
  if (source && credentialSource) {
    throw new ProfileConfigError(`${describeSetting(profile, 'role_arn')} has both source_profile and credential_source; keep one`, profile.name)
  }
  if (credentialSource) return credentialSourceCredentials(profile, credentialSource, context)

  const path = [...visited, profile.name]
  if (path.includes(source!)) {
    // A profile may be its own source, to keep its keys and its role in one place (botocore allows
    // this only when the profile has keys, which then win: see `resolve`).
    if (source === profile.name && settings['aws_access_key_id']?.trim()) return staticCredentials(profile)
    throw new ProfileCycleError(
      `source_profile settings form a cycle: ${describeChain([...path, source!])} (${describeSetting(profile, 'source_profile')})`,
      [...path, source!],
    )
  }
  if (path.length > maxSourceProfileHops) {
    throw new ProfileChainTooLongError(
      `source_profile settings chain more than ${maxSourceProfileHops} profiles: ${describeChain([...path, source!])} (${describeSetting(profile, 'source_profile')})`,
      [...path, source!],
    )
  }
  const next = context.profiles.profiles.get(source!)
  if (next === undefined) {
    throw new ProfileConfigError(`${describeSetting(profile, 'source_profile')} names source_profile '${source}', which does not exist`, profile.name)
  }
  return resolve(next, path, context)
}

async function credentialSourceCredentials(profile: ProfileSection, source: string, context: ResolveContext): Promise<Credentials> {
  const where = describeSetting(profile, 'credential_source')
  let provider: CredentialProvider | undefined
  if (source === 'Environment') provider = fromEnv({ env: context.env, ...(context.now ? { now: context.now } : {}) })
  else if (source === 'Ec2InstanceMetadata' || source === 'EcsContainer') {
    provider = context.credentialSources?.[source]
    if (provider === undefined) {
      throw new CredentialSourceUnavailableError(
        `${where} has credential_source = ${source}, but no ${source === 'EcsContainer' ? 'container' : 'instance metadata'} provider ` +
          `was given (pass credentialSources.${source}, e.g. from fromNodeProviderChain)`,
        profile.name,
      )
    }
  } else {
    throw new ProfileConfigError(
      `${where} has credential_source = ${JSON.stringify(source)}; expected Environment, Ec2InstanceMetadata or EcsContainer`,
      profile.name,
    )
  }
  try {
    return await provider()
  } catch (error) {
    if (error instanceof CredentialsNotConfiguredError) {
      throw new ProfileConfigError(`${where} has credential_source = ${source}, which is not configured: ${error.message}`, profile.name, { cause: error })
    }
    throw error
  }
}

function durationSeconds(profile: ProfileSection): number {
  const text = profile.properties['duration_seconds']?.trim()
  if (text === undefined || text === '') return defaultDuration
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < minimumDuration || value > maximumDuration) {
    throw new ProfileConfigError(
      `${describeSetting(profile, 'duration_seconds')} has duration_seconds = ${JSON.stringify(text)}; expected whole seconds from ${minimumDuration} to ${maximumDuration}`,
      profile.name,
    )
  }
  return value
}

const optional = (profile: ProfileSection, key: string) => {
  const text = profile.properties[key]?.trim()
  return text === undefined || text === '' ? undefined : text
}

function sessionName(profile: ProfileSection, context: ResolveContext): string {
  return optional(profile, 'role_session_name') ?? context.roleSessionName ?? `credkit-${(context.now ?? Date.now)()}`
}

async function assumeRole(profile: ProfileSection, visited: readonly string[], context: ResolveContext): Promise<Credentials> {
  const duration = durationSeconds(profile)
  const credentials = await sourceCredentials(profile, visited, context)
  const serialNumber = optional(profile, 'mfa_serial')
  let tokenCode: string | undefined
  if (serialNumber !== undefined) {
    if (context.mfaCodeProvider === undefined) {
      throw new MfaCodeRequiredError(`${describeSetting(profile, 'mfa_serial')} needs an MFA code for ${serialNumber}: pass mfaCodeProvider`, profile.name)
    }
    tokenCode = String(await context.mfaCodeProvider(serialNumber)).trim()
    if (tokenCode === '') throw new MfaCodeRequiredError(`the mfaCodeProvider gave no code for ${serialNumber} (${describeSetting(profile, 'mfa_serial')})`, profile.name)
  }
  const externalId = optional(profile, 'external_id')
  const sourceIdentity = optional(profile, 'source_identity')
  const { createStsClient } = await loadCore()
  const client = createStsClient({ ...stsClientOptions(context), credentials })
  try {
    const output = await client.assumeRole(
      {
        roleArn: optional(profile, 'role_arn')!,
        roleSessionName: sessionName(profile, context),
        durationSeconds: duration,
        ...(externalId !== undefined ? { externalId } : {}),
        ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
        ...(serialNumber !== undefined ? { serialNumber, tokenCode: tokenCode! } : {}),
      },
      context.signal ? { signal: context.signal } : {},
    )
    return output.credentials
  } catch (error) {
    throw wrap(error, `assuming role_arn of ${describeSetting(profile, 'role_arn')}`, profile, context)
  }
}

async function webIdentity(profile: ProfileSection, context: ResolveContext): Promise<Credentials> {
  const path = optional(profile, 'web_identity_token_file')!
  const webIdentityToken = await readTokenFile(path, describeSetting(profile, 'web_identity_token_file'))
  const duration = optional(profile, 'duration_seconds') === undefined ? undefined : durationSeconds(profile)
  const { createStsClient } = await loadCore()
  const client = createStsClient(stsClientOptions(context))
  try {
    const output = await client.assumeRoleWithWebIdentity(
      {
        roleArn: optional(profile, 'role_arn')!,
        roleSessionName: sessionName(profile, context),
        webIdentityToken,
        ...(duration !== undefined ? { durationSeconds: duration } : {}),
      },
      context.signal ? { signal: context.signal } : {},
    )
    return output.credentials
  } catch (error) {
    throw wrap(error, `assuming role_arn of ${describeSetting(profile, 'role_arn')} with its web identity token`, profile, context)
  }
}

/** Reads a token file at each use: Kubernetes and EKS rotate the file in place. */
export async function readTokenFile(path: string, where: string): Promise<string> {
  let text: string
  try {
    text = await readRegularFile(path)
  } catch (error) {
    throw new TokenFileError(`cannot read the web identity token file ${path} (${where}): ${fileErrorReason(error)}`, path, { cause: error })
  }
  // A JWT has no whitespace; a trailing newline from `echo` must not reach STS.
  const token = text.trim()
  if (token === '') throw new TokenFileError(`the web identity token file ${path} (${where}) is empty`, path)
  return token
}

function stsClientOptions(context: ResolveContext) {
  return {
    region: context.sts().region,
    ...(context.sts().endpoint !== undefined ? { endpoint: context.sts().endpoint } : {}),
    ...(context.fetch !== undefined ? { fetch: context.fetch } : {}),
    ...(context.now !== undefined ? { now: context.now } : {}),
  }
}

/** Names the profile and file around a failure from STS; an abort is passed through as it came. */
function wrap(error: unknown, step: string, profile: ProfileSection, context: ResolveContext): unknown {
  if (context.signal?.aborted || !(error instanceof Error)) return error
  return new ProfileCredentialsError(`${step} failed: ${error.message}`, profile.name, { cause: error })
}
