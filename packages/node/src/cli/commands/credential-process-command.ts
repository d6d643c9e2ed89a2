import type { CliArguments } from '../parse-cli-arguments.js'
import { resolveCliCredentials, type CliContext } from '../resolve-cli-credentials.js'
import { UsageError } from '../usage-error.js'

/** The Version 1 format the AWS SDKs and CLI read from a `credential_process`. */
export async function credentialProcessCommand(args: CliArguments, context: CliContext, write: (text: string) => void): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`credkit credential-process takes no arguments, got ${JSON.stringify(args.positionals[0])}`)
  const credentials = await (await resolveCliCredentials(args, context))()
  const output = {
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken !== undefined ? { SessionToken: credentials.sessionToken } : {}),
    ...(credentials.expiration !== undefined ? { Expiration: credentials.expiration.toISOString() } : {}),
  }
  write(`${JSON.stringify(output)}\n`)
  return 0
}
