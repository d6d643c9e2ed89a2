import { EmulatorConfigError } from '../errors.js'
import { endpointNames, type EndpointName, type FaultSpec } from './fault-spec.js'

const numberFields = ['latency', 'status', 'credentialsExpireIn', 'times'] as const
const booleanFields = ['throttle', 'drop', 'malformed'] as const
const knownFields = new Set<string>([...numberFields, ...booleanFields, 'code', 'only'])

export function validateEndpointName(value: unknown, where: string): EndpointName {
  if (typeof value === 'string' && (endpointNames as readonly string[]).includes(value)) return value as EndpointName
  throw new EmulatorConfigError(`${where}: unknown endpoint ${JSON.stringify(value)}; expected one of ${endpointNames.join(', ')}`)
}

/** Checks a fault spec coming from JSON (config file or the admin route) field by field. */
export function validateFaultSpec(value: unknown, where: string): FaultSpec {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EmulatorConfigError(`${where}: a fault must be an object`)
  }
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!knownFields.has(key)) throw new EmulatorConfigError(`${where}.${key}: unknown fault field`)
  }
  for (const field of numberFields) {
    const fieldValue = record[field]
    if (fieldValue === undefined) continue
    // A negative lifetime issues credentials that are already expired (IMDS static stability tests).
    const minimum = field === 'credentialsExpireIn' ? Number.NEGATIVE_INFINITY : 0
    if (typeof fieldValue !== 'number' || !Number.isFinite(fieldValue) || fieldValue < minimum) {
      throw new EmulatorConfigError(`${where}.${field}: must be a ${minimum === 0 ? 'non-negative ' : ''}number`)
    }
  }
  const status = record['status']
  if (typeof status === 'number' && (!Number.isInteger(status) || status < 100 || status > 599)) {
    throw new EmulatorConfigError(`${where}.status: must be an HTTP status between 100 and 599`)
  }
  for (const field of booleanFields) {
    if (record[field] !== undefined && typeof record[field] !== 'boolean') {
      throw new EmulatorConfigError(`${where}.${field}: must be true or false`)
    }
  }
  if (record['code'] !== undefined && typeof record['code'] !== 'string') {
    throw new EmulatorConfigError(`${where}.code: must be a string`)
  }
  const only = record['only']
  if (only !== undefined && (!Array.isArray(only) || !only.every((entry) => typeof entry === 'string'))) {
    throw new EmulatorConfigError(`${where}.only: must be an array of strings`)
  }
  return record as FaultSpec
}
