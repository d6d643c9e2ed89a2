// date-time of RFC 3339 section 5.6, as IMDS, the container endpoints and STS write Expiration
// (2026-11-23T18:00:00Z): seconds required, any number of fraction digits, Z or a ±hh:mm offset.
// T and Z may be lower case (the RFC allows it); a space for the T, a missing offset (Date reads
// that as local time) and ISO 8601's other forms are not RFC 3339.
const dateTime = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/

const daysInMonth = (year: number, month: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

/**
 * The instant an RFC 3339 timestamp names, or undefined when `text` is not one. `new Date(text)`
 * alone reads far more ("1" is the year 2001, "March 7" a day in 2001) and rolls impossible dates
 * over (February 30 is March 1); each field is checked here. A leap second (:60), which a Date
 * cannot hold, is refused; fractions beyond milliseconds are dropped.
 */
export function parseRfc3339Timestamp(text: string): Date | undefined {
  const match = dateTime.exec(text)
  if (match === null) return undefined
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const sign = match[8] === '-' ? -1 : 1
  const offsetHours = Number(match[9] ?? 0)
  const offsetMinutes = Number(match[10] ?? 0)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined
  const milliseconds = Number(((match[7] ?? '') + '000').slice(0, 3))
  const date = new Date(0)
  // setUTCFullYear, not Date.UTC, which reads the years 0 to 99 as 1900 to 1999.
  date.setUTCFullYear(year, month - 1, day)
  // Out-of-range hours and minutes carry over, which is what taking the offset away needs.
  date.setUTCHours(hour - sign * offsetHours, minute - sign * offsetMinutes, second, milliseconds)
  return date
}
