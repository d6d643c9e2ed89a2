import { credentialVariables } from '../credential-variables.js'
import type { CliArguments } from '../parse-cli-arguments.js'
import { resolveCliCredentials, type CliContext } from '../resolve-cli-credentials.js'
import { formatEnvironment, parseShellFormat } from '../shell-format.js'
import { UsageError } from '../usage-error.js'

export async function envCommand(args: CliArguments, context: CliContext, write: (text: string) => void): Promise<number> {
  const format = parseShellFormat(typeof args.values['format'] === 'string' ? args.values['format'] : undefined)
  if (args.positionals.length > 0) throw new UsageError(`credkit env takes no arguments, got ${JSON.stringify(args.positionals[0])}`)
  const credentials = await (await resolveCliCredentials(args, context))()
  const { set, unset } = credentialVariables(credentials)
  write(`${formatEnvironment(format, set, unset)}\n`)
  return 0
}
