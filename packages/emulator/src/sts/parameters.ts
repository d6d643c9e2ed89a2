import { StsFault, validationError } from './sts-fault.js'

/** The Query API's flat `Name=value` parameters (GET query or POST form, merged). */
export class Parameters {
  private readonly values: Map<string, string>

  constructor(values: Map<string, string>) {
    this.values = values
  }

  optional(name: string): string | undefined {
    return this.values.get(name)
  }

  /** Missing parameters get STS's smithy-style message, with the member name in camel case. */
  required(name: string): string {
    const value = this.values.get(name)
    if (value === undefined || value === '') throw validationError(camel(name), undefined, 'Member must not be null')
    return value
  }

  /** Checks length and pattern as the STS model does, naming the member like STS. */
  string(name: string, options: { required?: boolean; min?: number; max?: number; pattern?: RegExp } = {}): string | undefined {
    const value = options.required === true ? this.required(name) : this.optional(name)
    if (value === undefined) return undefined
    if (options.min !== undefined && value.length < options.min) {
      throw validationError(camel(name), value, `Member must have length greater than or equal to ${options.min}`)
    }
    if (options.max !== undefined && value.length > options.max) {
      throw validationError(camel(name), value, `Member must have length less than or equal to ${options.max}`)
    }
    if (options.pattern !== undefined && !options.pattern.test(value)) {
      throw validationError(camel(name), value, `Member must satisfy regular expression pattern: ${options.pattern.source.replace(/^\^|\$$/g, '')}`)
    }
    return value
  }

  integer(name: string, minimum: number, maximum: number): number | undefined {
    const value = this.values.get(name)
    if (value === undefined) return undefined
    if (!/^-?\d+$/.test(value)) {
      throw new StsFault('InvalidParameterValue', `Value (${value}) for parameter ${name} is invalid. Must be an integer.`)
    }
    const number = Number(value)
    if (number < minimum) throw validationError(camel(name), value, `Member must have value greater than or equal to ${minimum}`)
    if (number > maximum) throw validationError(camel(name), value, `Member must have value less than or equal to ${maximum}`)
    return number
  }

  /** `Name.member.N.field` lists (Tags, PolicyArns), in N order. */
  members(name: string): Map<string, string>[] {
    const byIndex = new Map<number, Map<string, string>>()
    const prefix = `${name}.member.`
    for (const [key, value] of this.values) {
      if (!key.startsWith(prefix)) continue
      const rest = key.slice(prefix.length)
      const dot = rest.indexOf('.')
      const index = Number(dot === -1 ? rest : rest.slice(0, dot))
      if (!Number.isInteger(index) || index < 1) continue
      const entry = byIndex.get(index) ?? new Map<string, string>()
      entry.set(dot === -1 ? '' : rest.slice(dot + 1), value)
      byIndex.set(index, entry)
    }
    return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry)
  }
}

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1)
}

export const sessionNamePattern = /^[\w+=,.@-]*$/
