import { isHeaderSafe, type CredentialProvider, type Credentials } from '../credentials.js'
import { InvalidCredentialsError } from '../errors.js'
import { redactedCredentials } from '../redaction.js'

function checkField(credentials: Credentials, field: keyof Credentials, required: boolean) {
  const value: unknown = credentials[field]
  if (value === undefined && !required) return
  if (field === 'expiration') {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      throw new InvalidCredentialsError('fromStatic: expiration must be a valid Date')
    }
    return
  }
  if (typeof value !== 'string' || value === '') {
    // Names the field, never its value: it may be a secret.
    throw new InvalidCredentialsError(`fromStatic: ${field} must be a non-empty string`)
  }
  // Signing would refuse them later, far from where the newline of a file or a pasted space came in.
  if ((field == 'accessKeyId' || field == 'sessionToken') && !isHeaderSafe(value)) {
    throw new InvalidCredentialsError(`fromStatic: ${field} must be printable ASCII without spaces, as a request carries it`)
  }
}

/**
 * A provider that always returns these credentials, checked now (each missing or malformed field
 * is named in an `InvalidCredentialsError`). The returned object is a copy with read-only fields,
 * whose `util.inspect` and `JSON.stringify` hide the secret. If `expiration` is given and has
 * passed, each call throws an `InvalidCredentialsError` rather than return expired credentials.
 */
export function fromStatic(credentials: Credentials, options: { readonly now?: () => number } = {}): CredentialProvider {
  if (typeof credentials !== 'object' || credentials === null) {
    throw new InvalidCredentialsError('fromStatic: credentials must be an object with accessKeyId and secretAccessKey')
  }
  checkField(credentials, 'accessKeyId', true)
  checkField(credentials, 'secretAccessKey', true)
  checkField(credentials, 'sessionToken', false)
  checkField(credentials, 'expiration', false)
  checkField(credentials, 'accountId', false)
  const copy = redactedCredentials(credentials)
  const expiresAt = copy.expiration?.getTime()
  const now = options.now ?? Date.now
  return async () => {
    if (expiresAt !== undefined && now() >= expiresAt) {
      throw new InvalidCredentialsError(`fromStatic: the credentials expired at ${copy.expiration!.toISOString()}`)
    }
    return copy
  }
}
