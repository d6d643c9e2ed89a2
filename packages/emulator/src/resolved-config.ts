import type { EndpointName, FaultSpec } from './faults/fault-spec.js'

/** The configuration after defaults and checks; what every handler reads. */
export interface ResolvedUser {
  readonly name: string
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly accountId: string
  readonly arn: string
  readonly userId: string
  /** serial number → the fixed code that device accepts (devices configured with `code`, or neither) */
  readonly mfaDevices: ReadonlyMap<string, string>
  /** serial number → base32 TOTP secret (devices configured with `totpSecret`) */
  readonly totpDevices: ReadonlyMap<string, string>
}

export interface ResolvedWebIdentityTrust {
  readonly audiences: readonly string[] | undefined
  readonly subjects: readonly string[] | undefined
}

export interface ResolvedRole {
  readonly name: string
  readonly accountId: string
  readonly path: string
  readonly arn: string
  readonly roleId: string
  readonly maxSessionDuration: number
  readonly principals: readonly string[]
  readonly externalId: string | undefined
  readonly mfaRequired: boolean
  readonly webIdentity: ResolvedWebIdentityTrust | undefined
  readonly saml: boolean
  readonly tags: Readonly<Record<string, string>>
}

export interface ResolvedImds {
  readonly role: string | undefined
  readonly v1: boolean
  readonly instanceId: string
  readonly availabilityZone: string
  readonly instanceType: string
  readonly amiId: string
  readonly credentialsLifetime: number
}

export interface ResolvedContainer {
  readonly role: string | undefined
  readonly authorizationToken: string | undefined
  readonly credentialsLifetime: number
}

export interface ResolvedConfig {
  readonly host: string
  readonly port: number
  readonly region: string
  readonly accountId: string
  readonly users: readonly ResolvedUser[]
  readonly roles: readonly ResolvedRole[]
  readonly imds: ResolvedImds | undefined
  readonly container: ResolvedContainer | undefined
  readonly oidcAudiences: readonly string[]
  readonly samlProviders: readonly { readonly name: string; readonly issuer: string; readonly arn: string }[]
  readonly maxClockSkew: number
  readonly faults: Partial<Record<EndpointName, FaultSpec>>
}
