import { CredkitError } from '@credkit/core'

/** The command line is wrong (unknown option, missing argument, bad value): exit status 2. */
export class UsageError extends CredkitError {
  static override code = 'ERR_CLI_USAGE'
  override code = 'ERR_CLI_USAGE'
}
