import type { CommandName } from './parse-cli-arguments.js'

const globalHelp = `Options for every command (which credentials):
  --profile NAME            a profile of ~/.aws/config (over AWS_PROFILE); environment keys are then skipped
  --role-arn ARN            assume this role with the credentials found
  --role-session-name NAME  default credkit-<milliseconds>
  --duration DURATION       role session length: seconds, or 15m, 1h, 12h
  --external-id ID          the role's sts:ExternalId
  --mfa-serial SERIAL       the MFA device the role requires
  --mfa-code CODE           the current MFA code; without it, credkit asks on the terminal
  --region REGION           over AWS_REGION and the profile's region
  -h, --help                this help`

export const helpText: Record<CommandName | 'main', string> = {
  main: `Usage: credkit COMMAND [options]

Gets AWS credentials where the AWS SDKs find them (environment, profiles, credential_process,
web identity token files, container endpoint, IMDS), optionally assumes a role, and hands them on.

Commands:
  env                 print export lines for a shell (sh, fish, powershell, json)
  exec -- CMD ARGS…   run a command with the credentials in its environment
  credential-process  print Version 1 JSON, for credential_process in ~/.aws/config
  whoami              STS GetCallerIdentity with the credentials
  presign s3://B/K    print a presigned S3 GET URL

Run credkit COMMAND --help for a command's options.
Exit status: 0 success, 1 failure (credentials, STS, the command), 2 usage error.

${globalHelp}
`,
  env: `Usage: credkit env [--format sh|fish|powershell|json] [options]

Prints lines that set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
AWS_CREDENTIAL_EXPIRATION (and clear the ones the credentials lack). Values are single-quoted,
so nothing in them is expanded:  eval "$(credkit env)"   or in fish:  credkit env --format fish | source

  --format FORMAT           sh (default), fish, powershell or json

${globalHelp}
`,
  exec: `Usage: credkit exec [options] -- COMMAND [ARGS…]

Runs COMMAND (no shell) with the credentials in its environment (AWS_PROFILE removed, so the
AWS SDKs use them) and exits with its exit status.

${globalHelp}
`,
  'credential-process': `Usage: credkit credential-process [options]

Prints {"Version":1,"AccessKeyId",…,"SessionToken","Expiration"} for a profile in ~/.aws/config:
  [profile via-credkit]
  credential_process = credkit credential-process --profile base --role-arn arn:aws:iam::…:role/R

${globalHelp}
`,
  whoami: `Usage: credkit whoami [options]

Calls STS GetCallerIdentity and prints UserId, Account and Arn as JSON. The STS endpoint follows
AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL and the profile, as the AWS SDKs do.

${globalHelp}
`,
  presign: `Usage: credkit presign s3://BUCKET/KEY [--expires DURATION] [--endpoint URL] [options]

Prints a presigned GET URL: https://BUCKET.s3.REGION.amazonaws.com/KEY, or ENDPOINT/BUCKET/KEY
(path style) with --endpoint.

  --expires DURATION        seconds, or 15m, 1h, 7d (at most 7d); default 1h
  --endpoint URL            an S3-compatible endpoint, addressed path style

${globalHelp}
`,
}
