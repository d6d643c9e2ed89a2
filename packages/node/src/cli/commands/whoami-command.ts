import { createStsClient } from '@credkit/core'
import type { CliArguments } from '../parse-cli-arguments.js'
import { cliStsSettings, resolveCliCredentials, type CliContext } from '../resolve-cli-credentials.js'
import { UsageError } from '../usage-error.js'

export async function whoamiCommand(args: CliArguments, context: CliContext, write: (text: string) => void): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`credkit whoami takes no arguments, got ${JSON.stringify(args.positionals[0])}`)
  const credentials = await resolveCliCredentials(args, context)
  const sts = await cliStsSettings(args, context)
  const client = createStsClient({ credentials, region: sts.region, ...(sts.endpoint !== undefined ? { endpoint: sts.endpoint } : {}) })
  const identity = await client.getCallerIdentity()
  write(`${JSON.stringify({ UserId: identity.userId, Account: identity.account, Arn: identity.arn }, undefined, 2)}\n`)
  return 0
}
