import type { Credentials } from './credentials.js'

// Node's util.inspect (and so console.log) calls this symbol's method when an object has it; a
// registered symbol needs no import of node:util, and other runtimes simply ignore it.
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')

/** A copy of `value` with the secret fields replaced by a marker, for display only. */
export function redactedView<T extends object>(value: T): Record<string, unknown> {
  const view = { ...value } as Record<string, unknown>
  for (const field of ['secretAccessKey', 'sessionToken']) if (view[field] !== undefined) view[field] = '[redacted]'
  return view
}

/**
 * Makes Node's `util.inspect` (and `console.log`) show `value` without its secrets. The property is
 * not enumerable, so the object's keys and `JSON.stringify` are unchanged.
 */
export const hideSecretsFromInspect = <T extends object>(value: T): T =>
  Object.defineProperty(value, inspectSymbol, { value: () => redactedView(value) })

/** The fields of `value` that are not undefined. */
export const definedFields = <T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(value).filter((entry) => entry[1] !== undefined)) as never

/** The fields of `Credentials` that `credentials` has defined, and no other property. */
export const credentialFields = ({ accessKeyId, secretAccessKey, sessionToken, expiration, accountId }: Credentials) =>
  definedFields({ accessKeyId, secretAccessKey, sessionToken, expiration, accountId })

/**
 * A copy of `credentials` with read-only fields, whose `util.inspect` and `JSON.stringify` show no
 * secret. The fields stay enumerable data properties, so an AWS SDK client reads it as an
 * `AwsCredentialIdentity`; and it is not frozen, since the SDK adds a `$source` property to
 * credentials given to it as a value.
 */
export function redactedCredentials(credentials: Credentials): Credentials {
  const copy = hideSecretsFromInspect(credentialFields(credentials))
  for (const field in copy) Object.defineProperty(copy, field, { writable: false, configurable: false })
  return Object.defineProperty(copy, 'toJSON', { value: () => redactedView(copy) }) as Credentials
}
