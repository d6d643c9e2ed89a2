import type { Credentials } from '../credentials.js'
import { redactedCredentials } from '../redaction.js'
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
  // An RFC 3339 date and time, as STS writes it (2011-07-15T23:28:33.359Z), `t` and `z` in either
  // case as the SDKs read it. Date reads more (`1` is the year 2001) and rolls over what is no time
  // (30 February is 2 March, 24:00 the next day), so the date and time must read back as written.
  const written = String(given.expiration).toUpperCase()
  const [, time] = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(written) ?? []
  const expiration = new Date(new Date(time + 'Z').toJSON()?.startsWith(time!) ? written : NaN)
  if (![given.accessKeyId, given.secretAccessKey, given.sessionToken].every((field) => field && typeof field == 'string') || !(expiration.getTime() > 0)) {
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
