import { cached, chain, type CachedOptions, type CachedProvider, type CredentialProvider } from '@credkit/core/credentials'
import { notConfigured } from '../not-configured.js'
import { readVariable } from '../profiles/profile-file-locations.js'
import { fromContainerMetadata } from './from-container-metadata.js'
import { fromEnv } from './from-env.js'
import { fromIni, type FromIniOptions } from './from-ini.js'
import { fromInstanceMetadata, isInstanceMetadataDisabled } from './from-instance-metadata.js'
import { fromProcess } from './from-process.js'
import { fromTokenFile } from './from-token-file.js'

export interface FromNodeProviderChainOptions extends FromIniOptions {
  /** Options for the refresh engine that memoises the whole chain (store, windows, …). */
  readonly cache?: CachedOptions
}

/** The options among `keys` that are set. */
function pick<T extends object, K extends keyof T>(options: T, keys: readonly K[]): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {}
  for (const key of keys) if (options[key] !== undefined) picked[key] = options[key]
  return picked as Pick<T, K>
}

/**
 * The remote link: the container endpoint when one of its URIs is set, else IMDS unless
 * `AWS_EC2_METADATA_DISABLED` is set (and not `false`), as the AWS SDK for JavaScript v3 decides.
 */
function remoteProvider(
  options: FromNodeProviderChainOptions,
  container: CredentialProvider,
  instance: CredentialProvider,
): CredentialProvider {
  return async (call) => {
    const env = options.env ?? process.env
    if (
      readVariable(env, 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI') !== undefined ||
      readVariable(env, 'AWS_CONTAINER_CREDENTIALS_FULL_URI') !== undefined
    ) {
      return container(call)
    }
    if (isInstanceMetadataDisabled(env)) {
      throw notConfigured('no container credentials URI is set and AWS_EC2_METADATA_DISABLED is set, so IMDS is not tried')
    }
    return instance(call)
  }
}

/**
 * Credentials where the AWS SDK for JavaScript v3 looks for them, in its order: environment
 * variables (skipped when a profile is chosen by `profile` or `AWS_PROFILE`), the shared config
 * and credentials files, the profile's `credential_process`, a web identity token file, then the
 * container endpoint or IMDS. The first link that is configured answers; a link that is configured
 * but broken stops the chain with its own error, since falling through to other credentials would
 * hide the mistake. With nothing configured, the `CredentialsNotFoundError` lists why each link
 * was skipped.
 *
 * The whole chain is one memoised provider (core's `cached`): the link that answered is asked
 * again only when its credentials near expiry.
 */
export function fromNodeProviderChain(options: FromNodeProviderChainOptions = {}): CachedProvider {
  const { cache, ...providerOptions } = options
  // Each link gets only the options that are its own. `timeoutMs` and `platform` come from
  // CredentialProcessOptions and are credential_process's: a helper may wait minutes for a browser
  // login. The container endpoint and IMDS keep their own timeout and attempts (1 s, 3 attempts, as
  // the AWS SDK for JavaScript: REFERENCE.md rows 14 and 27); a 60 s helper budget must not become
  // 60 s per attempt on an endpoint that hangs. To tune those, build the chain's links yourself.
  // One instance of each remote provider, shared by the remote link and credential_source, so
  // IMDS's token cache and its static stability (last credentials kept while IMDS is down) span the
  // whole chain.
  const container = fromContainerMetadata(pick(providerOptions, ['env', 'fetch', 'now']))
  const instance = fromInstanceMetadata(pick(providerOptions, ['env', 'fetch', 'now', 'profile', 'configFile', 'credentialsFile']))
  const remote = remoteProvider(providerOptions, container, instance)
  const environment: CredentialProvider = async (call) => {
    const env = providerOptions.env ?? process.env
    // An explicit profile is a choice over whatever keys happen to be exported (SDK behaviour).
    if (providerOptions.profile !== undefined) {
      throw notConfigured(`environment variables skipped: the profile option chose '${providerOptions.profile}'`)
    }
    const awsProfile = readVariable(env, 'AWS_PROFILE')
    if (awsProfile !== undefined) {
      throw notConfigured(`environment variables skipped: AWS_PROFILE chose '${awsProfile.trim()}'`)
    }
    return fromEnv(pick(providerOptions, ['env', 'now']))(call)
  }
  const linked = chain(
    environment,
    fromIni({
      ...providerOptions,
      // credential_source names its provider directly, whatever the container variables say.
      credentialSources: providerOptions.credentialSources ?? { EcsContainer: container, Ec2InstanceMetadata: instance },
    }),
    fromProcess(pick(providerOptions, ['env', 'profile', 'configFile', 'credentialsFile', 'now', 'signal', 'timeoutMs', 'platform'])),
    fromTokenFile({
      ...(providerOptions.env !== undefined ? { env: providerOptions.env } : {}),
      ...(providerOptions.fetch !== undefined ? { fetch: providerOptions.fetch } : {}),
      ...(providerOptions.now !== undefined ? { now: providerOptions.now } : {}),
      ...(providerOptions.roleSessionName !== undefined ? { roleSessionName: providerOptions.roleSessionName } : {}),
      clientConfig: {
        ...(providerOptions.region !== undefined ? { region: providerOptions.region } : {}),
        ...(providerOptions.stsEndpoint !== undefined ? { endpoint: providerOptions.stsEndpoint } : {}),
      },
    }),
    remote,
  )
  return cached(linked, { ...(providerOptions.now !== undefined ? { now: providerOptions.now } : {}), ...cache })
}
