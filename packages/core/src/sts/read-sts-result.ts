import type { Credentials } from '../credentials.js'
import { redactedCredentials } from '../redaction.js'
import { parseRfc3339Timestamp } from '../rfc3339-timestamp.js'
import { StsResponseError } from './sts-error.js'
import type { StsFields } from './sts-request.js'

/**
 * An STS result whose `credentials` are checked and typed (`expiration` a `Date`, `accountId`
 * taken from the caller's `arn`) and whose `packedPolicySize` is a number.
 */
export function withCredentials<T>(fields: StsFields, principal?: readonly [name: string, idName: string]): T {
  // The role or federated user the session belongs to, which the output types promise.
  let arn: unknown
  if (principal) {
    const [name, idName] = principal
    const user = fields[name]
    if (!user || typeof user != 'object') throw new StsResponseError(`STS answered without ${name}`)
    arn = requireFields<StsFields>(user as StsFields, 'arn', idName).arn
  }
  const given = (fields.credentials ?? {}) as StsFields
  const expiration = parseRfc3339Timestamp(given.expiration)
  if (![given.accessKeyId, given.secretAccessKey, given.sessionToken].every((field) => field && typeof field == 'string') || !(+expiration! > 0)) {
    throw new StsResponseError('STS answered without complete Credentials')
  }
  // arn:aws:sts::123456789012:assumed-role/… → 123456789012
  const accountId = String(arn).split(':')[4] ?? ''
  // util.inspect, console.log and JSON.stringify of what STS returns show no secret. An undefined
  // accountId is left out, as every undefined field.
  const credentials = redactedCredentials({ ...given, expiration, accountId: /^\d{12}$/.test(accountId) ? accountId : undefined } as Credentials)
  const size = fields.packedPolicySize
  return { ...fields, credentials, ...(size ? { packedPolicySize: Number(size) } : {}) } as T
}

/** `fields`, once each of `names` is checked to hold text. */
export function requireFields<T>(fields: StsFields, ...names: string[]): T {
  const missing = names.find((name) => !fields[name] || typeof fields[name] != 'string')
  if (missing) throw new StsResponseError(`STS answered without ${missing}`)
  return fields as T
}
