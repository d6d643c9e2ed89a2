/** Query parameters of an STS action; undefined ones are not sent. */
export type StsParameters = Readonly<Record<string, string | number | undefined>>

/** `Name.member.N[.Field]=value`; an empty list is sent as `Name=` so that STS sees it was given. */
export function list<T>(name: string, items: readonly T[] | undefined, fields?: (item: T) => Record<string, string>): StsParameters {
  if (items?.length === 0) return { [name]: '' }
  return Object.fromEntries(
    (items ?? []).flatMap((item, index) => {
      const prefix = `${name}.member.${index + 1}`
      return fields ? Object.entries(fields(item)).map(([field, value]) => [`${prefix}.${field}`, value]) : [[prefix, String(item)]]
    }),
  )
}

/** The duration and session policies that every role or federation action takes. */
export const sessionPolicy = (input: { durationSeconds?: number; policy?: string; policyArns?: readonly string[] }): StsParameters => ({
  DurationSeconds: input.durationSeconds,
  Policy: input.policy,
  ...list('PolicyArns', input.policyArns, (arn) => ({ arn })),
})
