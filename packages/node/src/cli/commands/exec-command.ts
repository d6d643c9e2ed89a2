import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { CredkitError } from '@credkit/core'
import { credentialVariables } from '../credential-variables.js'
import type { CliArguments } from '../parse-cli-arguments.js'
import { resolveCliCredentials, type CliContext } from '../resolve-cli-credentials.js'
import { UsageError } from '../usage-error.js'

/** The command given to `credkit exec` could not be started (not found, not executable). */
export class ExecStartError extends CredkitError {
  static override code = 'ERR_CLI_EXEC_START'
  override code = 'ERR_CLI_EXEC_START'
}

// Variables that would make an AWS SDK in the child look past the credentials handed to it.
const hiddenFromChild = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']

export async function execCommand(args: CliArguments, context: CliContext): Promise<number> {
  const [file, ...rest] = args.commandLine
  if (file === undefined) throw new UsageError('credkit exec needs a command after --: credkit exec -- COMMAND [ARGS…]')
  if (args.positionals.length > 0) throw new UsageError(`put the command after --: credkit exec -- ${args.positionals.join(' ')}`)
  const credentials = await (await resolveCliCredentials(args, context))()
  const { set, unset } = credentialVariables(credentials)
  const env: Record<string, string | undefined> = { ...context.env }
  for (const name of [...unset, ...hiddenFromChild]) delete env[name]
  Object.assign(env, set)
  const region = args.values['region']
  if (typeof region === 'string') env['AWS_REGION'] = region

  // No shell: the arguments reach the command exactly as given.
  const child = spawn(file, rest, { stdio: 'inherit', env })
  // Ctrl-C already reaches the child from the terminal (same process group): credkit only stays
  // alive to pass on its exit status, so forwarding SIGINT would deliver it twice. SIGTERM and
  // SIGHUP sent to credkit alone are passed on.
  const handlers = [
    ['SIGINT', () => {}],
    ['SIGTERM', () => child.kill('SIGTERM')],
    ['SIGHUP', () => child.kill('SIGHUP')],
  ] as const
  for (const [signal, handler] of handlers) process.on(signal, handler)
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(new ExecStartError(`cannot run ${JSON.stringify(file)}: ${error.code ?? error.message}`, { cause: error })),
      )
      child.once('exit', (code, signal) => {
        // A child killed by a signal exits as shells report it: 128 + the signal's number.
        resolve(code ?? 128 + (signal !== null ? (constants.signals[signal] ?? 0) : 0))
      })
    })
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler)
  }
}
