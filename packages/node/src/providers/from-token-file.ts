import type { StsClientOptions } from '@credkit/core'
import { redactedCredentials, type CredentialProvider } from '@credkit/core/credentials'
import { loadCore } from '../core.js'
import { notConfigured } from '../not-configured.js'
import { readVariable, type Environment } from '../profiles/profile-file-locations.js'
import { createProfileSet } from '../profiles/profile-set.js'
import { readTokenFile } from '../profiles/resolve-profile-credentials.js'
import { stsSettings } from '../profiles/sts-settings.js'

export interface FromTokenFileOptions {
  /** Default `process.env`, read at each call. */
  readonly env?: Environment
  /** Read at each call; default `globalThis.fetch`. */
  readonly fetch?: typeof fetch
  readonly now?: () => number
  /** Beats `AWS_ROLE_ARN`. */
  readonly roleArn?: string
  /** Beats `AWS_ROLE_SESSION_NAME`; default `credkit-session-<milliseconds>`. */
  readonly roleSessionName?: string
  /** Beats `AWS_WEB_IDENTITY_TOKEN_FILE`. */
  readonly webIdentityTokenFile?: string
  /**
   * STS client settings. `region` beats `AWS_REGION` / `AWS_DEFAULT_REGION` (default us-east-1);
   * `endpoint` beats `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL`; `AWS_STS_REGIONAL_ENDPOINTS` is honoured.
   */
  readonly clientConfig?: Omit<StsClientOptions, 'credentials'>
}

/**
 * Role credentials for a Kubernetes service account (EKS IRSA) or any OIDC token in a file:
 * STS AssumeRoleWithWebIdentity with `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and optionally
 * `AWS_ROLE_SESSION_NAME`. The file is read again at every call, since Kubernetes rotates it in
 * place. Without both the file and the role ARN the provider is "not configured" and a chain moves on
 * (as in the AWS SDKs); a missing, unreadable or empty file throws `TokenFileError`.
 */
export function fromTokenFile(options: FromTokenFileOptions = {}): CredentialProvider {
  return async () => {
    const env = options.env ?? process.env
    const path = options.webIdentityTokenFile ?? readVariable(env, 'AWS_WEB_IDENTITY_TOKEN_FILE')?.trim()
    const roleArn = options.roleArn ?? readVariable(env, 'AWS_ROLE_ARN')?.trim()
    if (path === undefined || roleArn === undefined) {
      const missing = [path === undefined ? 'AWS_WEB_IDENTITY_TOKEN_FILE' : undefined, roleArn === undefined ? 'AWS_ROLE_ARN' : undefined]
      throw notConfigured(`${missing.filter((name) => name !== undefined).join(' and ')} ${missing.every((name) => name) ? 'are' : 'is'} not set`)
    }
    const roleSessionName = options.roleSessionName ?? readVariable(env, 'AWS_ROLE_SESSION_NAME')?.trim()
    const sts = stsSettings({
      env,
      profile: undefined,
      profiles: createProfileSet(),
      region: options.clientConfig?.region,
      endpoint: options.clientConfig?.endpoint,
    })
    const where = options.webIdentityTokenFile !== undefined ? 'the webIdentityTokenFile option' : 'AWS_WEB_IDENTITY_TOKEN_FILE'
    const { fromWebIdentity } = await loadCore()
    const provider = fromWebIdentity({
      roleArn,
      ...(roleSessionName !== undefined ? { roleSessionName } : {}),
      // A getter, so the file is read now and again if STS rejects the token as expired.
      webIdentityToken: () => readTokenFile(path, where),
      clientConfig: {
        ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
        ...(options.now !== undefined ? { now: options.now } : {}),
        ...options.clientConfig,
        region: sts.region,
        ...(sts.endpoint !== undefined ? { endpoint: sts.endpoint } : {}),
      },
    })
    return redactedCredentials(await provider())
  }
}
