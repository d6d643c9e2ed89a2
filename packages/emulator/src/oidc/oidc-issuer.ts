import { createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, jwtVerify, SignJWT, errors, type JSONWebKeySet, type JWTPayload } from 'jose'
import { randomUUID } from 'node:crypto'
import type { Clock } from '../clock.js'
import { StsFault } from '../sts/sts-fault.js'

export interface MintIdTokenOptions {
  /** Default `emulator-subject`. */
  readonly sub?: string
  /** Default the issuer's first registered audience. */
  readonly aud?: string | readonly string[]
  /** Seconds from now (the emulator's clock); negative mints an already expired token. Default 3600. */
  readonly expiresIn?: number
  /** Extra claims (email, groups, …). */
  readonly claims?: Readonly<Record<string, unknown>>
  /** Overrides `iss`, to test a token from an issuer the account does not trust. */
  readonly issuer?: string
  /** Signs with a throwaway key the JWKS does not publish, to test signature checks. */
  readonly untrusted?: boolean
}

/** The emulator's OpenID Connect provider, trusted by its STS (like an IAM OIDC provider). */
export interface OidcIssuer {
  /** `iss` of minted tokens: `<emulator url>/oidc`. */
  readonly url: string
  mintIdToken(options?: MintIdTokenOptions): Promise<string>
  /** The discovery document served at `/.well-known/openid-configuration`. */
  discovery(): Record<string, unknown>
  jwks(): JSONWebKeySet
  /** Verifies a token as AssumeRoleWithWebIdentity does; throws StsFault with AWS's codes. */
  verify(token: string, audiences: readonly string[]): Promise<JWTPayload & { sub: string; aud: string }>
}

const algorithm = 'RS256'

export async function createOidcIssuer(url: string, audiences: readonly string[], clock: Clock): Promise<OidcIssuer> {
  const trusted = await generateKeyPair(algorithm, { extractable: true })
  // Only tests of signature checks need the throwaway key; making it lazily halves start time.
  let untrusted: ReturnType<typeof generateKeyPair> | undefined
  const kid = randomUUID()
  const publicJwk = { ...(await exportJWK(trusted.publicKey)), kid, alg: algorithm, use: 'sig' }
  const jwks: JSONWebKeySet = { keys: [publicJwk] }
  const keySet = createLocalJWKSet(jwks)

  return {
    url,
    async mintIdToken(options = {}) {
      const now = Math.floor(clock.now().getTime() / 1000)
      const audience = options.aud ?? audiences[0] ?? 'sts.amazonaws.com'
      return new SignJWT({ ...options.claims })
        .setProtectedHeader({ alg: algorithm, kid, typ: 'JWT' })
        .setIssuer(options.issuer ?? url)
        .setSubject(options.sub ?? 'emulator-subject')
        .setAudience(typeof audience === 'string' ? audience : [...audience])
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresIn ?? 3600))
        .setJti(randomUUID())
        .sign(options.untrusted === true ? (await (untrusted ??= generateKeyPair(algorithm))).privateKey : trusted.privateKey)
    },
    discovery: () => ({
      issuer: url,
      jwks_uri: `${url}/.well-known/jwks.json`,
      authorization_endpoint: `${url}/authorize`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [algorithm],
      claims_supported: ['aud', 'exp', 'iat', 'iss', 'sub'],
    }),
    jwks: () => jwks,
    async verify(token, allowedAudiences) {
      let claims: JWTPayload
      try {
        claims = decodeJwt(token)
      } catch {
        throw new StsFault('InvalidIdentityToken', 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)')
      }
      if (claims.iss !== url) {
        throw new StsFault('InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${String(claims.iss)}`)
      }
      const now = clock.now()
      try {
        await jwtVerify(token, keySet, { issuer: url, currentDate: now, algorithms: [algorithm] })
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new StsFault(
            'ExpiredTokenException',
            `Token expired: current date/time ${Math.floor(now.getTime() / 1000)} must be before the expiration date/time${claims.exp ?? ''}`,
          )
        }
        if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
          throw new StsFault('InvalidIdentityToken', 'Couldn\'t verify the signature of the ID token with the keys published by the identity provider')
        }
        throw new StsFault('InvalidIdentityToken', `The ID Token provided is not valid: ${(error as Error).message}`)
      }
      const tokenAudiences = typeof claims.aud === 'string' ? [claims.aud] : claims.aud ?? []
      const audience = tokenAudiences.find((candidate) => allowedAudiences.includes(candidate))
      if (audience === undefined) throw new StsFault('InvalidIdentityToken', 'Incorrect token audience')
      if (typeof claims.sub !== 'string' || claims.sub === '') {
        throw new StsFault('InvalidIdentityToken', 'The ID Token provided is missing the sub claim')
      }
      return { ...claims, sub: claims.sub, aud: audience }
    },
  }
}
