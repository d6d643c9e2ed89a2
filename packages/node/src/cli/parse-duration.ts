import { UsageError } from './usage-error.js'

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 }

/** `900`, `900s`, `15m`, `1h`, `1h30m` or `7d` → seconds; anything else is a usage error naming `option`. */
export function parseDuration(text: string, option: string): number {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const parts = [...trimmed.matchAll(/(\d+)([smhd])/g)]
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== trimmed) {
    throw new UsageError(`${option} must be seconds or a duration such as 15m, 1h or 1h30m, got ${JSON.stringify(text)}`)
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit!]!, 0)
}
