import { credentialProcessCommand } from './commands/credential-process-command.js'
import { envCommand } from './commands/env-command.js'
import { execCommand } from './commands/exec-command.js'
import { presignCommand } from './commands/presign-command.js'
import { whoamiCommand } from './commands/whoami-command.js'
import { helpText } from './help-text.js'
import { parseCliArguments, type CliArguments } from './parse-cli-arguments.js'
import type { CliContext } from './resolve-cli-credentials.js'
import { UsageError } from './usage-error.js'

export interface CliIo extends CliContext {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
}

/** One line, whatever the error: messages from credkit never hold a secret. */
const oneLine = (error: unknown) => String(error instanceof Error ? error.message : error).replace(/\s*\n\s*/g, ' ')

/** Runs `credkit ARGS…` and returns the exit status: 0 success, 1 failure, 2 usage error. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: CliArguments
  try {
    args = parseCliArguments(argv)
  } catch (error) {
    io.stderr(`credkit: ${oneLine(error)} (credkit --help for usage)\n`)
    return 2
  }
  if (args.values['help'] === true || args.command === undefined) {
    // `credkit` alone is a usage error: the help goes to stderr, so nothing is eval'd by mistake.
    if (args.values['help'] !== true) {
      io.stderr(helpText.main)
      return 2
    }
    io.stdout(helpText[args.command ?? 'main'])
    return 0
  }
  try {
    switch (args.command) {
      case 'env':
        return await envCommand(args, io, io.stdout)
      case 'exec':
        return await execCommand(args, io)
      case 'credential-process':
        return await credentialProcessCommand(args, io, io.stdout)
      case 'whoami':
        return await whoamiCommand(args, io, io.stdout)
      case 'presign':
        return await presignCommand(args, io, io.stdout)
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`credkit ${args.command}: ${oneLine(error)} (credkit ${args.command} --help for usage)\n`)
      return 2
    }
    io.stderr(`credkit ${args.command}: ${oneLine(error)}\n`)
    return 1
  }
}
