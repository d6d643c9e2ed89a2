import { cached, fromTemporaryCredentials, type CredentialProvider } from '@credkit/core'
import { loadProfileSet } from '../profiles/load-profile-set.js'
import { profileFileLocations, type Environment } from '../profiles/profile-file-locations.js'
import { stsSettings, type StsSettings } from '../profiles/sts-settings.js'
import { fromNodeProviderChain } from '../providers/from-node-provider-chain.js'
import type { CliArguments } from './parse-cli-arguments.js'
import { parseDuration } from './parse-duration.js'
import { mfaCodeProvider, type MfaPromptStreams } from './prompt-mfa-code.js'
import { UsageError } from './usage-error.js'

export interface CliContext {
  readonly env: Environment
  readonly streams: MfaPromptStreams
}

const text = (values: CliArguments['values'], name: string): string | undefined => {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

/** Where STS is and which region to sign for: `--region`, then what the SDKs read (env, profile). */
export async function cliStsSettings(args: CliArguments, context: CliContext): Promise<StsSettings> {
  const profileName = text(args.values, 'profile')
  const locations = profileFileLocations({ env: context.env, ...(profileName !== undefined ? { profile: profileName } : {}) })
  const profiles = await loadProfileSet(locations)
  return stsSettings({ env: context.env, profile: profiles.profiles.get(locations.profile), profiles, region: text(args.values, 'region') })
}

/**
 * The credentials a command uses: the Node chain (honouring `--profile`), with the role of
 * `--role-arn` assumed on top when given. Role options without `--role-arn` are a usage error, so a
 * typo never silently yields the wrong identity.
 */
export async function resolveCliCredentials(args: CliArguments, context: CliContext): Promise<CredentialProvider> {
  const { values } = args
  const roleArn = text(values, 'role-arn')
  const roleOptions = ['role-session-name', 'duration', 'external-id', 'mfa-serial']
  const stray = roleOptions.find((name) => text(values, name) !== undefined)
  if (roleArn === undefined && stray !== undefined) throw new UsageError(`--${stray} needs --role-arn`)
  const durationText = text(values, 'duration')
  const durationSeconds = durationText === undefined ? undefined : parseDuration(durationText, '--duration')
  if (durationSeconds !== undefined && (durationSeconds < 900 || durationSeconds > 43_200)) {
    throw new UsageError(`--duration must be from 15m to 12h (900 to 43200 seconds), got ${durationSeconds}`)
  }

  const mfa = mfaCodeProvider(text(values, 'mfa-code'), context.streams)
  const profile = text(values, 'profile')
  const region = text(values, 'region')
  const base = fromNodeProviderChain({
    env: context.env,
    mfaCodeProvider: mfa,
    ...(profile !== undefined ? { profile } : {}),
    ...(region !== undefined ? { region } : {}),
  })
  if (roleArn === undefined) return base

  const sts = await cliStsSettings(args, context)
  const sessionName = text(values, 'role-session-name')
  const externalId = text(values, 'external-id')
  const serialNumber = text(values, 'mfa-serial')
  return cached(
    fromTemporaryCredentials({
      masterCredentials: base,
      params: {
        roleArn,
        ...(sessionName !== undefined ? { roleSessionName: sessionName } : {}),
        ...(durationSeconds !== undefined ? { durationSeconds } : {}),
        ...(externalId !== undefined ? { externalId } : {}),
        ...(serialNumber !== undefined ? { serialNumber } : {}),
      },
      mfaCodeProvider: mfa,
      clientConfig: { region: sts.region, ...(sts.endpoint !== undefined ? { endpoint: sts.endpoint } : {}) },
    }),
  )
}
