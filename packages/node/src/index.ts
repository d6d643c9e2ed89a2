// @credkit/node: the AWS credential chain for Node (issue 5).
export {
  CredentialProcessError,
  CredentialProcessTimeoutError,
  ContainerAuthorizationTokenError,
  ContainerCredentialsError,
  ContainerEndpointNotAllowedError,
  CredentialSourceUnavailableError,
  InstanceMetadataConfigError,
  InstanceMetadataError,
  MfaCodeRequiredError,
  ProfileConfigError,
  ProfileCredentialsError,
  ProfileChainTooLongError,
  ProfileCycleError,
  ProfileFileParseError,
  ProfileFileReadError,
  TokenFileError,
  type FileLocation,
} from './errors.js'
export type { NodeProviderOptions } from './provider-options.js'

export { fromEnv, type FromEnvOptions } from './providers/from-env.js'
export { fromProcess, type CredentialProcessOptions, type FromProcessOptions } from './providers/from-process.js'
export { fromIni, type FromIniOptions } from './providers/from-ini.js'
export type { CredentialSources, MfaCodeProvider } from './profiles/resolve-profile-credentials.js'

export { parseProfileFile, type RawProperty, type RawSection } from './profiles/parse-profile-file.js'
export {
  createProfileSet,
  mergeProfileFile,
  parseSubProperties,
  type ProfileFileKind,
  type ProfileSection,
  type ProfileSet,
} from './profiles/profile-set.js'
export {
  homeDirectory,
  profileFileLocations,
  type Environment,
  type ProfileFileLocationOptions,
  type ProfileFileLocations,
} from './profiles/profile-file-locations.js'
export { loadProfileSet } from './profiles/load-profile-set.js'
export { stsSettings, type StsSettings, type StsSettingsOptions } from './profiles/sts-settings.js'
export { splitCommandLine } from './process/split-command-line.js'
export { fileStore, type FileStoreOptions } from './stores/file-store.js'
export { redisStore, type RedisStoreOptions } from './stores/redis-store.js'
export type { RedisClientLike } from './stores/redis-commands.js'
export {
  containerAuthorizationToken,
  containerCredentialsUrl,
  fromContainerMetadata,
  type FromContainerMetadataOptions,
} from './providers/from-container-metadata.js'
export { fromTokenFile, type FromTokenFileOptions } from './providers/from-token-file.js'
export { fromNodeProviderChain, type FromNodeProviderChainOptions } from './providers/from-node-provider-chain.js'
export {
  fromInstanceMetadata,
  imdsEndpoints,
  instanceMetadataEndpoint,
  parseImdsCredentials,
  type FromInstanceMetadataOptions,
} from './providers/from-instance-metadata.js'
