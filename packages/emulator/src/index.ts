export { startEmulator, type Emulator, type StartEmulatorOptions } from './start-emulator.js'
export type {
  EmulatorConfig,
  UserConfig,
  RoleConfig,
  TrustConfig,
  WebIdentityTrustConfig,
  MfaDeviceConfig,
  ImdsConfig,
  ContainerConfig,
  OidcConfig,
  SamlConfig,
} from './emulator-config.js'
export type { ResolvedConfig, ResolvedUser, ResolvedRole } from './resolved-config.js'
export { resolveConfig } from './resolve-config.js'
export { loadConfigFile } from './load-config-file.js'
export { EmulatorError, EmulatorConfigError } from './errors.js'
export { endpointNames, type EndpointName, type FaultSpec } from './faults/fault-spec.js'
export type { FaultRegistry } from './faults/fault-registry.js'
export type { CallCounter, CallRecord } from './call-counter.js'
export type { Clock } from './clock.js'
export type { MintIdTokenOptions } from './oidc/oidc-issuer.js'
export type { MintSamlAssertionOptions } from './saml/mint-saml-assertion.js'
export { stsActionNames } from './sts/handle-sts.js'
export { totpCode } from './totp.js'
