import type { CredentialProvider } from '../credentials.js'
import { InvalidCredentialsError } from '../errors.js'
import { assumeRoleWithWebIdentity } from '../sts/assume-role-with-web-identity.js'
import { resolveStsConfig, type StsClientOptions } from '../sts/sts-config.js'
import { StsError } from '../sts/sts-error.js'
import type { AssumeRoleWithWebIdentityInput } from '../sts/sts-types.js'

/** Returns an OIDC ID token; `forceRefresh` asks for a new one because STS rejected the last. */
export type WebIdentityTokenGetter = (options?: { forceRefresh?: boolean }) => Promise<string>

export interface FromWebIdentityOptions
  extends Omit<AssumeRoleWithWebIdentityInput, 'webIdentityToken' | 'roleSessionName'> {
  /** The token itself, or a getter asked at every refresh (tokens expire sooner than sessions). */
  readonly webIdentityToken: string | WebIdentityTokenGetter
  /** Default `credkit-session-<milliseconds>` of `clientConfig.now`. */
  readonly roleSessionName?: string
  readonly clientConfig?: Omit<StsClientOptions, 'credentials'>
}


/**
 * Role credentials for an OIDC identity (STS AssumeRoleWithWebIdentity), with no AWS secret
 * anywhere: the call is unsigned. When STS says the token is invalid or expired and the token
 * came from a getter, the getter is asked once more with `forceRefresh` and the call repeated.
 */
export function fromWebIdentity(options: FromWebIdentityOptions): CredentialProvider {
  const { webIdentityToken, clientConfig, ...params } = options ?? {}
  const config = resolveStsConfig(clientConfig)
  const checked = (token: unknown): string => {
    if (typeof token == 'string') return token
    throw new InvalidCredentialsError(`fromWebIdentity: the web identity token is not a string but ${typeof token}`)
  }
  // A token is checked now; what a getter returns, at each call.
  if (typeof webIdentityToken != 'function') checked(webIdentityToken)
  const assume = async (token: unknown) => {
    const input = { ...params, roleSessionName: params.roleSessionName ?? `credkit-session-${(config.now ?? Date.now)()}`, webIdentityToken: checked(token) }
    return (await assumeRoleWithWebIdentity(config, input)).credentials
  }
  return async () => {
    if (typeof webIdentityToken === 'string') return assume(webIdentityToken)
    try {
      return await assume(await webIdentityToken())
    } catch (error) {
      if (!(error instanceof StsError && /^(InvalidIdentityToken|ExpiredTokenException)$/.test(error.stsCode))) throw error
      return assume(await webIdentityToken({ forceRefresh: true }))
    }
  }
}
