import { parseArgs } from 'node:util'
import { UsageError } from './usage-error.js'

export const commandNames = ['env', 'exec', 'credential-process', 'whoami', 'presign'] as const
export type CommandName = (typeof commandNames)[number]

/** Options every command takes: which credentials, and which role to assume on top of them. */
const globalOptions = {
  profile: { type: 'string' },
  'role-arn': { type: 'string' },
  'role-session-name': { type: 'string' },
  duration: { type: 'string' },
  'external-id': { type: 'string' },
  'mfa-serial': { type: 'string' },
  'mfa-code': { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

const commandOptions = {
  env: { format: { type: 'string' } },
  exec: {},
  'credential-process': {},
  whoami: {},
  presign: { expires: { type: 'string' }, endpoint: { type: 'string' } },
} as const

const allOptions = { ...globalOptions, ...commandOptions.env, ...commandOptions.presign }

/** The first positional, found with every option known so an option's value is never taken for it. */
function findCommand(argv: readonly string[]): string | undefined {
  const { tokens } = parseArgs({ args: [...argv], options: allOptions, allowPositionals: true, strict: false, tokens: true })
  const first = tokens.find((token) => token.kind === 'positional')
  return first?.kind === 'positional' && (commandNames as readonly string[]).includes(first.value) ? first.value : undefined
}

export interface CliArguments {
  /** Undefined with `credkit --help` or nothing at all. */
  readonly command: CommandName | undefined
  readonly values: Readonly<Record<string, string | boolean | undefined>>
  /** Positionals after the command (presign's s3:// URL). */
  readonly positionals: readonly string[]
  /** What follows `--` (exec's command line). */
  readonly commandLine: readonly string[]
}

/**
 * Splits `credkit [options] COMMAND [options] [args] [-- cmd args…]`. Everything after the first
 * `--` is left as is, so `exec` passes the command's own options through untouched.
 */
export function parseCliArguments(argv: readonly string[]): CliArguments {
  const separator = argv.indexOf('--')
  const own = separator === -1 ? argv : argv.slice(0, separator)
  const commandLine = separator === -1 ? [] : argv.slice(separator + 1)
  const command = findCommand(own)
  const options = { ...globalOptions, ...(command === undefined ? {} : commandOptions[command as CommandName]) }
  let parsed
  try {
    parsed = parseArgs({ args: [...own], options, allowPositionals: true, strict: true })
  } catch (error) {
    // parseArgs's messages are one sentence and name the option; drop its advice about '--'.
    throw new UsageError(String((error as Error).message).split('\n')[0]!.replace(/\.? ?To specify a positional argument.*$/, ''))
  }
  const positionals = [...parsed.positionals]
  const first = positionals.shift()
  if (first !== undefined && first !== command) throw new UsageError(`unknown command ${JSON.stringify(first)}; commands: ${commandNames.join(', ')}`)
  if (separator !== -1 && command !== 'exec' && parsed.values.help !== true) {
    throw new UsageError(`'--' is only for credkit exec`)
  }
  return { command: command as CommandName | undefined, values: parsed.values, positionals, commandLine }
}
