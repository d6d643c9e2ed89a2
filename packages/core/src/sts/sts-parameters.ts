import { InvalidSigningInputError } from '../errors.js'

/** Query parameters of an STS action; undefined ones are not sent, and anything but text or a finite number is refused. */
export type StsParameters = Readonly<Record<string, unknown>>

/**
 * `Name.member.N[.Field]=value`; an empty list is sent as `Name=` so that STS sees it was given.
 * A missing item or field becomes null, so that it is refused with its name rather than left out.
 */
export function list<T>(name: string, items: readonly T[] | undefined, fields?: (item: T) => Record<string, unknown>): StsParameters {
  if (items === undefined) return {}
  if (!Array.isArray(items)) throw new InvalidSigningInputError(`${name}: not an array`)
  if (!items.length) return { [name]: '' }
  return Object.fromEntries(
    items.flatMap((item, index) => {
      const prefix = `${name}.member.${index + 1}`
      return fields ? Object.entries(fields(item ?? ({} as T))).map(([field, value]) => [`${prefix}.${field}`, value ?? null]) : [[prefix, item ?? null]]
    }),
  )
}

/** The duration and session policies that every role or federation action takes. */
export const sessionPolicy = (input: { durationSeconds?: number; policy?: string; policyArns?: readonly string[] }): StsParameters => ({
  DurationSeconds: input.durationSeconds,
  Policy: input.policy,
  ...list('PolicyArns', input.policyArns, (arn) => ({ arn })),
})
