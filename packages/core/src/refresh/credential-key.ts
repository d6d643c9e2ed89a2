import { defaultCrypto } from '../crypto/default-crypto.js'
import { InvalidRefreshOptionsError } from '../errors.js'

// Field names that hold a secret or a bearer token (sessionToken, idToken, accessToken, …). They
// are refused at any depth, so passing a whole Credentials object (or a token) by mistake fails
// loudly instead of landing in a key.
const secretName = /secret|password|token$|tokencode|samlassertion|privatekey|^credentials$/i
// A JWT (an OIDC ID or access token) under any name, as the ID token in a Cognito identity pool's
// `logins`, which sits under its issuer's name: its header is base64url JSON, so it starts `eyJ`.
const jwt = /^eyJ[\w-]*\.[\w-]*\./

// `ancestors`: the arrays and objects `value` sits in, so that one that holds itself is refused
// rather than recursed into until the stack overflows.
function canonical(value: unknown, path: string, ancestors: readonly object[] = []): string {
  if (typeof value === 'string' && jwt.test(value)) {
    throw new InvalidRefreshOptionsError(`credentialKey: ${path} looks like a token (a JWT); pass its issuer and subject instead`)
  }
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidRefreshOptionsError(`credentialKey: ${path} is not a finite number`)
    return JSON.stringify(value)
  }
  if (value instanceof Date) {
    // toISOString throws a RangeError for an invalid Date.
    if (Number.isNaN(value.getTime())) throw new InvalidRefreshOptionsError(`credentialKey: ${path} is an invalid Date`)
    return JSON.stringify(value.toISOString())
  }
  if (ancestors.includes(value as object)) throw new InvalidRefreshOptionsError(`credentialKey: ${path} contains itself`)
  const inside = [...ancestors, value as object]
  if (Array.isArray(value)) return `[${value.map((item, index) => canonical(item ?? null, `${path}[${index}]`, inside)).join(',')}]`
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const fields = Object.keys(value)
      .filter((name) => (value as Record<string, unknown>)[name] !== undefined)
      .sort()
      .map((name) => {
        if (secretName.test(name)) {
          throw new InvalidRefreshOptionsError(`credentialKey: ${path}.${name} looks like a secret; a key must never include one`)
        }
        return `${JSON.stringify(name)}:${canonical((value as Record<string, unknown>)[name], `${path}.${name}`, inside)}`
      })
    return `{${fields.join(',')}}`
  }
  throw new InvalidRefreshOptionsError(`credentialKey: ${path} is a ${typeof value}, not JSON data`)
}

/**
 * A stable store key for credentials: the SHA-256 (hex) of a canonical JSON of `parts` (object keys
 * sorted, undefined fields left out, dates as ISO strings). Pass every input that changes the
 * credentials — role ARN, session name, policy, policy ARNs, external id, source identity, tags, the
 * source credentials' access key id, region or endpoint — and never a secret: fields named like
 * one (`secretAccessKey`, `sessionToken`, `idToken`, `password`, `token`, `tokenCode`,
 * `credentials`, …) and any string that is a JWT are refused with an `InvalidRefreshOptionsError`.
 * A web identity token is a secret too: pass its issuer and subject instead.
 */
export async function credentialKey(parts: Record<string, unknown>): Promise<string> {
  return defaultCrypto().sha256Hex(`credkit/credential-key/v1\n${canonical(parts, 'parts')}`)
}
