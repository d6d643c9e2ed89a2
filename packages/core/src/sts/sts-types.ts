import type { Credentials } from '../credentials.js'

export interface Tag {
  readonly key: string
  readonly value: string
}
export interface ProvidedContext {
  readonly providerArn: string
  readonly contextAssertion: string
}

export interface AssumeRoleInput {
  readonly roleArn: string
  readonly roleSessionName: string
  readonly durationSeconds?: number
  readonly externalId?: string
  readonly policy?: string
  readonly policyArns?: readonly string[]
  readonly tags?: readonly Tag[]
  readonly transitiveTagKeys?: readonly string[]
  readonly sourceIdentity?: string
  /** The MFA device's serial number or ARN; `tokenCode` must come with it. */
  readonly serialNumber?: string
  readonly tokenCode?: string
  readonly providedContexts?: readonly ProvidedContext[]
}

export interface AssumeRoleWithWebIdentityInput {
  readonly roleArn: string
  readonly roleSessionName: string
  readonly webIdentityToken: string
  readonly providerId?: string
  readonly durationSeconds?: number
  readonly policy?: string
  readonly policyArns?: readonly string[]
}

export interface AssumeRoleWithSamlInput {
  readonly roleArn: string
  readonly principalArn: string
  readonly samlAssertion: string
  readonly durationSeconds?: number
  readonly policy?: string
  readonly policyArns?: readonly string[]
}

export interface GetSessionTokenInput {
  readonly durationSeconds?: number
  readonly serialNumber?: string
  readonly tokenCode?: string
}

export interface GetFederationTokenInput {
  readonly name: string
  readonly durationSeconds?: number
  readonly policy?: string
  readonly policyArns?: readonly string[]
  readonly tags?: readonly Tag[]
}

export interface ResponseMetadata {
  readonly requestId: string | undefined
}

export interface AssumedRoleUser {
  readonly arn: string
  readonly assumedRoleId: string
}

export interface AssumeRoleOutput extends ResponseMetadata {
  readonly credentials: Credentials & { readonly sessionToken: string; readonly expiration: Date }
  readonly assumedRoleUser: AssumedRoleUser
  readonly packedPolicySize: number | undefined
  readonly sourceIdentity: string | undefined
}

export interface AssumeRoleWithWebIdentityOutput extends AssumeRoleOutput {
  readonly subjectFromWebIdentityToken: string | undefined
  readonly provider: string | undefined
  readonly audience: string | undefined
}

export interface AssumeRoleWithSamlOutput extends AssumeRoleOutput {
  readonly subject: string | undefined
  readonly subjectType: string | undefined
  readonly issuer: string | undefined
  readonly audience: string | undefined
  readonly nameQualifier: string | undefined
}

export interface GetSessionTokenOutput extends ResponseMetadata {
  readonly credentials: Credentials & { readonly sessionToken: string; readonly expiration: Date }
}

export interface GetFederationTokenOutput extends GetSessionTokenOutput {
  readonly federatedUser: { readonly arn: string; readonly federatedUserId: string }
  readonly packedPolicySize: number | undefined
}

export interface GetCallerIdentityOutput extends ResponseMetadata {
  readonly userId: string
  readonly account: string
  readonly arn: string
}

export interface GetAccessKeyInfoOutput extends ResponseMetadata {
  readonly account: string
}

export interface DecodeAuthorizationMessageOutput extends ResponseMetadata {
  readonly decodedMessage: string
}
