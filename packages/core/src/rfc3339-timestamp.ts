/**
 * The instant an RFC 3339 date-time (section 5.6) names, or undefined when `text` is not one: how
 * STS, IMDS and the container endpoints write an Expiration (2011-07-15T23:28:33.359Z). Seconds
 * are required; any number of fraction digits (those past milliseconds dropped); `Z` or a ±hh:mm
 * offset; `T` and `Z` in either case, as the AWS SDKs read them. `new Date(text)` alone reads far
 * more (`1` is the year 2001) and rolls over what is no date or time (30 February is 2 March,
 * 24:00 the next day), so the date and time must read back as written; a leap second (:60), which
 * a Date cannot hold, is refused.
 */
export function parseRfc3339Timestamp(text: unknown): Date | undefined {
  const written = String(text).toUpperCase()
  const [, time] = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(written) ?? []
  const date = new Date(new Date(time + 'Z').toJSON()?.startsWith(time!) ? written : NaN)
  return isNaN(+date) ? undefined : date
}
