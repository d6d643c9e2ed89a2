import { jsonReply, type Reply } from '../http/reply.js'
import type { OidcIssuer } from './oidc-issuer.js'

export const oidcPathPrefix = '/oidc'

/** Discovery document and JWKS, as an OIDC provider publishes them (cacheable, CORS-open). */
export function handleOidc(method: string, path: string, issuer: OidcIssuer): Reply {
  if (method !== 'GET' && method !== 'HEAD') return jsonReply(405, { error: 'method_not_allowed' })
  const cors = { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=300' }
  if (path === `${oidcPathPrefix}/.well-known/openid-configuration`) return jsonReply(200, issuer.discovery(), cors)
  if (path === `${oidcPathPrefix}/.well-known/jwks.json`) return jsonReply(200, issuer.jwks(), { ...cors, 'content-type': 'application/jwk-set+json' })
  return jsonReply(404, { error: 'not_found' })
}
