import { presign } from '@credkit/core'
import type { CliArguments } from '../parse-cli-arguments.js'
import { parseDuration } from '../parse-duration.js'
import { cliStsSettings, resolveCliCredentials, type CliContext } from '../resolve-cli-credentials.js'
import { UsageError } from '../usage-error.js'

/** `s3://bucket/key` → bucket and key; the key keeps its slashes and may hold any character. */
function parseS3Url(text: string | undefined): { bucket: string; key: string } {
  const match = text === undefined ? null : /^s3:\/\/([^/]+)\/(.+)$/.exec(text)
  if (match === null) throw new UsageError(`presign needs an object as s3://BUCKET/KEY, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`)
  return { bucket: match[1]!, key: match[2]! }
}

// S3 keys are encoded once, segment by segment, so the slashes stay path separators.
const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/')

export async function presignCommand(args: CliArguments, context: CliContext, write: (text: string) => void): Promise<number> {
  if (args.positionals.length > 1) throw new UsageError(`presign takes one s3:// URL, got ${args.positionals.length}`)
  const { bucket, key } = parseS3Url(args.positionals[0])
  const expiresText = args.values['expires']
  const expiresIn = typeof expiresText === 'string' ? parseDuration(expiresText, '--expires') : 3600
  if (expiresIn < 1 || expiresIn > 604_800) throw new UsageError(`--expires must be from 1 second to 7d, got ${expiresIn} seconds`)
  const endpointText = args.values['endpoint']
  let url: URL
  const { region } = await cliStsSettings(args, context)
  if (typeof endpointText === 'string') {
    let endpoint: URL
    try {
      endpoint = new URL(endpointText)
    } catch {
      throw new UsageError(`--endpoint is not a URL: ${JSON.stringify(endpointText)}`)
    }
    url = new URL(`${endpoint.href.replace(/\/$/, '')}/${encodeURIComponent(bucket)}/${encodeKey(key)}`)
  } else {
    url = new URL(`https://${bucket}.s3.${region}.amazonaws.com/${encodeKey(key)}`)
  }
  const credentials = await resolveCliCredentials(args, context)
  const signed = await presign(new Request(url), { credentials, region, service: 's3', expiresIn })
  write(`${signed.href}\n`)
  return 0
}
