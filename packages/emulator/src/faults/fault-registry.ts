import type { EndpointName, FaultSpec } from './fault-spec.js'
import { validateEndpointName, validateFaultSpec } from './validate-fault-spec.js'

/** Run-time control of faults: `emulator.faults.set('sts', { throttle: true, times: 2 })`. */
export interface FaultRegistry {
  set(endpoint: EndpointName, fault: FaultSpec): void
  get(endpoint: EndpointName): FaultSpec | undefined
  /** Clears one endpoint's fault, or all of them. */
  clear(endpoint?: EndpointName): void
  /**
   * The fault that applies to one request (and counts it against `times`), or undefined.
   * `subject` is the STS action or the request path.
   */
  take(endpoint: EndpointName, subject: string): FaultSpec | undefined
}

interface Entry {
  fault: FaultSpec
  remaining: number
}

export function createFaultRegistry(initial: Partial<Record<EndpointName, FaultSpec>> = {}): FaultRegistry {
  const entries = new Map<EndpointName, Entry>()
  const registry: FaultRegistry = {
    set(endpoint, fault) {
      const name = validateEndpointName(endpoint, 'faults.set')
      const checked = validateFaultSpec(fault, `faults.${name}`)
      entries.set(name, { fault: checked, remaining: checked.times ?? Number.POSITIVE_INFINITY })
    },
    get(endpoint) {
      return entries.get(endpoint)?.fault
    },
    clear(endpoint) {
      if (endpoint === undefined) entries.clear()
      else entries.delete(endpoint)
    },
    take(endpoint, subject) {
      const entry = entries.get(endpoint)
      if (entry === undefined) return undefined
      const only = entry.fault.only
      if (only !== undefined && !only.some((item) => (endpoint === 'sts' ? item === subject : subject.includes(item)))) {
        return undefined
      }
      entry.remaining -= 1
      if (entry.remaining <= 0) entries.delete(endpoint)
      return entry.fault
    },
  }
  for (const [endpoint, fault] of Object.entries(initial)) {
    if (fault !== undefined) registry.set(endpoint as EndpointName, fault)
  }
  return registry
}
