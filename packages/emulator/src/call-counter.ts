import type { EndpointName } from './faults/fault-spec.js'

export interface CallRecord {
  readonly endpoint: EndpointName
  /** STS action, or the request path for the other endpoints. */
  readonly action: string
  /** HTTP status answered; 0 when the connection was dropped. */
  status: number
  /** Access key that signed an STS call, when there was one. */
  accessKeyId?: string
  readonly at: Date
}

/** Lets other packages' tests assert "one STS call for a thousand callers". */
export interface CallCounter {
  /** Calls to an endpoint, optionally only one STS action (or IMDS/container path). */
  count(endpoint?: EndpointName, action?: string): number
  /** The most recent calls (at most 10 000, so a long-running emulator does not grow without end). */
  list(): readonly CallRecord[]
  reset(): void
  /** Used by the server; returns the record so the status can be filled in once answered. */
  record(endpoint: EndpointName, action: string, at: Date): CallRecord
}

const listLimit = 10_000

export function createCallCounter(): CallCounter {
  let records: CallRecord[] = []
  // Counts are kept apart from the list so they stay exact after the list is trimmed.
  let counts = new Map<string, number>()
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)
  return {
    count(endpoint, action) {
      return counts.get(`${endpoint ?? '*'}\u0000${action ?? '*'}`) ?? 0
    },
    list: () => records.slice(),
    reset() {
      records = []
      counts = new Map()
    },
    record(endpoint, action, at) {
      const record: CallRecord = { endpoint, action, status: 0, at }
      records.push(record)
      if (records.length > listLimit) records.splice(0, records.length - listLimit)
      bump('*\u0000*')
      bump(`${endpoint}\u0000*`)
      bump(`${endpoint}\u0000${action}`)
      return record
    },
  }
}
