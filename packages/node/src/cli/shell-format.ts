import { UsageError } from './usage-error.js'

export const shellFormats = ['sh', 'fish', 'powershell', 'json'] as const
export type ShellFormat = (typeof shellFormats)[number]

export function parseShellFormat(text: string | undefined): ShellFormat {
  const format = text ?? 'sh'
  if (!(shellFormats as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${shellFormats.join(', ')}, got ${JSON.stringify(format)}`)
  }
  return format as ShellFormat
}

// Single quotes in every shell, so nothing in a value is expanded or run; each shell has its own
// way to put a single quote inside them.
const quoteSh = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`
const quoteFish = (value: string) => `'${value.replace(/[\\']/g, (character) => `\\${character}`)}'`
const quotePowerShell = (value: string) => `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`

/**
 * Lines that set `set` and clear `unset` in the chosen shell; clearing matters, or a session token
 * left from an earlier `eval` would be sent with new long-term keys.
 */
export function formatEnvironment(format: ShellFormat, set: Readonly<Record<string, string>>, unset: readonly string[]): string {
  const entries = Object.entries(set)
  switch (format) {
    case 'json':
      return JSON.stringify(set, undefined, 2)
    case 'sh':
      return [...entries.map(([name, value]) => `export ${name}=${quoteSh(value)}`), ...unset.map((name) => `unset ${name}`)].join('\n')
    case 'fish':
      return [...entries.map(([name, value]) => `set -gx ${name} ${quoteFish(value)};`), ...unset.map((name) => `set -e ${name};`)].join('\n')
    case 'powershell':
      return [
        ...entries.map(([name, value]) => `$Env:${name} = ${quotePowerShell(value)}`),
        ...unset.map((name) => `Remove-Item Env:${name} -ErrorAction SilentlyContinue`),
      ].join('\n')
  }
}
