import type { Credentials } from './credentials.js'

// Node's util.inspect (and so console.log) calls this symbol's method when an object has it; a
// registered symbol needs no import of node:util, and other runtimes simply ignore it.
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')

const secretFields = ['secretAccessKey', 'sessionToken'] as const

/** A copy of `value` with the secret fields replaced by a marker, for display only. */
export function redactedView<T extends object>(value: T): Record<string, unknown> {
  const view = { ...value } as Record<string, unknown>
  for (const field of secretFields) {
    if (view[field] !== undefined) view[field] = '[redacted]'
  }
  return view
}

/**
 * Makes Node's `util.inspect` (and `console.log`) show `value` without its secrets. The property is
 * not enumerable, so the object's keys and `JSON.stringify` are unchanged.
 */
export function hideSecretsFromInspect<T extends object>(value: T): T {
  Object.defineProperty(value, inspectSymbol, { value: () => redactedView(value), enumerable: false })
  return value
}

/**
 * A frozen copy of `credentials` whose `util.inspect` and `JSON.stringify` show no secret. The
 * fields stay ordinary properties, so an AWS SDK client reads it as an `AwsCredentialIdentity`.
 */
export function redactedCredentials(credentials: Credentials): Credentials {
  const copy: Credentials = {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
    ...(credentials.expiration === undefined ? {} : { expiration: credentials.expiration }),
    ...(credentials.accountId === undefined ? {} : { accountId: credentials.accountId }),
  }
  hideSecretsFromInspect(copy)
  Object.defineProperty(copy, 'toJSON', { value: () => redactedView(copy), enumerable: false })
  return Object.freeze(copy)
}
