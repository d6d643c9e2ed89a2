import type { FaultSpec, EndpointName } from './faults/fault-spec.js'

/** A long-term IAM user whose access key signs calls to the emulated STS. */
export interface UserConfig {
  /** IAM user name; the ARN is `arn:aws:iam::ACCOUNT:user/NAME`. */
  readonly name: string
  readonly accessKeyId: string
  readonly secretAccessKey: string
  /** Defaults to the emulator's `accountId`. */
  readonly accountId?: string
  /** Virtual MFA devices: `serialNumber` plus the one code the emulator accepts for it. */
  readonly mfaDevices?: readonly MfaDeviceConfig[]
}

export interface MfaDeviceConfig {
  /** Usually `arn:aws:iam::ACCOUNT:mfa/NAME`. */
  readonly serialNumber: string
  /** A fixed six-digit code the emulator accepts. Default `123456` unless `totpSecret` is set. */
  readonly code?: string
  /** Base32 secret of a virtual MFA device: RFC 6238 codes (±30 s) are accepted, by the emulator clock. */
  readonly totpSecret?: string
}

/** Who may assume a role, and on which conditions (a small, declarative trust policy). */
export interface TrustConfig {
  /**
   * Principals allowed to call AssumeRole: `*`, an account id (any principal of that account),
   * `arn:aws:iam::ACCOUNT:root`, a user ARN, or a role ARN (any session of that role, which makes
   * the new session a chained one). Default: the role's own account.
   */
  readonly principals?: readonly string[]
  /** When set, AssumeRole must send exactly this ExternalId. */
  readonly externalId?: string
  /** When true, AssumeRole must carry a valid SerialNumber/TokenCode (or MFA-authenticated creds). */
  readonly mfaRequired?: boolean
  /**
   * Trust for AssumeRoleWithWebIdentity; absent means the role does not trust web identities.
   * `true` trusts any token of the emulator's issuer with a registered audience.
   */
  readonly webIdentity?: boolean | WebIdentityTrustConfig
  /** Trust for AssumeRoleWithSAML; absent means the role does not trust SAML. */
  readonly saml?: boolean
}

export interface WebIdentityTrustConfig {
  /** Allowed `aud` values (condition `…:aud`). Default: any audience registered with the issuer. */
  readonly audiences?: readonly string[]
  /** Allowed `sub` values (condition `…:sub`); `*` matches anything. Default: any. */
  readonly subjects?: readonly string[]
}

export interface RoleConfig {
  readonly name: string
  /** Defaults to the emulator's `accountId`. */
  readonly accountId?: string
  /** IAM path, e.g. `/service-role/`. Default `/`. */
  readonly path?: string
  /** 3600–43200 seconds, default 3600 (as IAM). */
  readonly maxSessionDuration?: number
  readonly trust?: TrustConfig
  /** Tags of the role itself; they become principal tags of its sessions. */
  readonly tags?: Readonly<Record<string, string>>
}

export interface ImdsConfig {
  /** The instance profile's role (one of `roles`; default the first), or null for no instance profile. */
  readonly role?: string | null
  /** Whether IMDSv1 (no token) is answered. Default true, as on a default EC2 instance. */
  readonly v1?: boolean
  readonly instanceId?: string
  readonly availabilityZone?: string
  readonly instanceType?: string
  readonly amiId?: string
  /** Lifetime of instance credentials, seconds. Default 21600 (6 h). */
  readonly credentialsLifetime?: number
}

export interface ContainerConfig {
  /** The task or pod role (one of `roles`; default the first), or null for none. */
  readonly role?: string | null
  /** When set, requests must carry this exact `Authorization` header value. */
  readonly authorizationToken?: string
  /** Lifetime of container credentials, seconds. Default 21600 (6 h). */
  readonly credentialsLifetime?: number
}

export interface OidcConfig {
  /** Client IDs registered for the issuer (the IAM OIDC provider's audiences). */
  readonly audiences?: readonly string[]
}

export interface SamlConfig {
  /** SAML provider name; its ARN is `arn:aws:iam::ACCOUNT:saml-provider/NAME`. */
  readonly providers?: readonly { readonly name: string; readonly issuer: string }[]
}

/** Everything `startEmulator` and `credkit-emulator --config` accept. */
export interface EmulatorConfig {
  /** Default `127.0.0.1`. Only loopback addresses are accepted. */
  readonly host?: string
  /** Default 0 (any free port). */
  readonly port?: number
  /** Default `us-east-1`. */
  readonly region?: string
  /** Default `123456789012`. */
  readonly accountId?: string
  readonly users?: readonly UserConfig[]
  readonly roles?: readonly RoleConfig[]
  /** `false` turns the IMDS routes off (404). */
  readonly imds?: ImdsConfig | false
  /** `false` turns the container routes off (404). */
  readonly container?: ContainerConfig | false
  readonly oidc?: OidcConfig
  readonly saml?: SamlConfig
  /** Allowed clock skew of signed requests, seconds. Default 900 (15 min, as AWS). */
  readonly maxClockSkew?: number
  readonly faults?: Partial<Record<EndpointName, FaultSpec>>
}
