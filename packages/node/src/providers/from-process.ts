import { redactedCredentials, type CredentialProvider, type Credentials } from '@credkit/core/credentials'
import { CredentialProcessError, CredentialProcessTimeoutError } from '../errors.js'
import { notConfigured } from '../not-configured.js'
import { readProcessCredentials } from '../process/process-credentials.js'
import { runProcess } from '../process/run-process.js'
import { splitCommandLine } from '../process/split-command-line.js'
import { describeSetting } from '../profiles/describe-setting.js'
import { loadProfileSet } from '../profiles/load-profile-set.js'
import { profileFileLocations } from '../profiles/profile-file-locations.js'
import type { ProfileSection } from '../profiles/profile-set.js'
import type { NodeProviderOptions } from '../provider-options.js'

export interface CredentialProcessOptions {
  /** Default 60 000 (the AWS SDK for Go's default); the process and its children are then killed. */
  readonly timeoutMs?: number
  /** Default `process.platform`: decides how the command line is split. */
  readonly platform?: NodeJS.Platform
}

export interface FromProcessOptions extends NodeProviderOptions, CredentialProcessOptions {}

const defaultTimeoutMs = 60_000
const maxStdoutBytes = 1024 * 1024
const maxStderrShown = 1000

/**
 * Runs the profile's `credential_process` and returns the Version 1 credentials it prints.
 * A profile without `credential_process` (or no such profile) is "not configured".
 */
export function fromProcess(options: FromProcessOptions = {}): CredentialProvider {
  return async () => {
    const env = options.env ?? process.env
    const locations = profileFileLocations({ ...options, env })
    const profiles = await loadProfileSet(locations)
    const profile = profiles.profiles.get(locations.profile)
    if (profile === undefined) {
      throw notConfigured(`no profile '${locations.profile}' in ${locations.configFile} or ${locations.credentialsFile}`)
    }
    if (profile.properties['credential_process'] === undefined) {
      throw notConfigured(`${describeSetting(profile)} has no credential_process`)
    }
    return runCredentialProcess(profile, { ...options, env })
  }
}

/** Runs `profile.credential_process`; used by `fromProcess` and by `fromIni` for source profiles. */
export async function runCredentialProcess(
  profile: ProfileSection,
  options: CredentialProcessOptions & Pick<NodeProviderOptions, 'env' | 'now' | 'signal'>,
): Promise<Credentials> {
  const command = profile.properties['credential_process'] ?? ''
  const where = describeSetting(profile, 'credential_process')
  const fail = (message: string, fields: ConstructorParameters<typeof CredentialProcessError>[1] = {}) =>
    new CredentialProcessError(`credential_process of ${where} ${message}`, { profile: profile.name, ...fields })
  const platform = options.platform ?? process.platform
  const argv = splitCommandLine(command, platform)
  if ('error' in argv) throw fail(`cannot be split into a command line: ${argv.error}`)
  if (argv.length === 0 || argv[0] === '') throw fail('is empty')

  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs
  const result = await runProcess({
    argv,
    env: options.env ?? process.env,
    timeoutMs,
    signal: options.signal,
    maxStdoutBytes,
    maxStderrBytes: 8 * maxStderrShown,
    platform,
  })
  const stderr = showStderr(result.stderr)
  const withStderr = stderr === '' ? '' : `; it wrote to stderr: ${stderr}`
  switch (result.kind) {
    case 'failed-to-start': {
      const reason = (result.error as NodeJS.ErrnoException).code ?? result.error.message
      throw fail(`could not start ${JSON.stringify(argv[0])}: ${reason}`, { cause: result.error, stderr })
    }
    case 'timed-out': {
      const how = result.exited ? '; it had exited, but a process it started still held its standard output open' : ' and was killed'
      throw new CredentialProcessTimeoutError(
        `credential_process of ${where} did not finish within ${timeoutMs} ms${how}${withStderr}`,
        { profile: profile.name, stderr },
      )
    }
    case 'aborted':
      throw result.reason
    case 'stdout-too-large':
      throw fail(`printed more than ${maxStdoutBytes} bytes and was killed${withStderr}`, { stderr })
    case 'exited': {
      if (result.exitCode !== 0) {
        const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`
        throw fail(`${how}${withStderr}`, { exitCode: result.exitCode, stderr })
      }
      const credentials = readProcessCredentials(result.stdout, (options.now ?? Date.now)())
      if ('error' in credentials) throw fail(credentials.error, { exitCode: 0, stderr })
      return redactedCredentials(credentials)
    }
  }
}

/**
 * A run of base64 at least as long as a secret access key (40), counting a URL-encoded `/`, `+` or
 * `=` (`%2F`) and JSON's escaped slash (`\/`) as one character each, so an echoed URL or JSON
 * document loses the whole key, not just the part between two slashes.
 */
const secretShaped = /(?:[A-Za-z0-9/+=]|%2[BbFf]|%3[Dd]|\\\/){40,}/g
/**
 * A setting, `name: value` or `name=value`, quoted or not; its value is redacted when the name says
 * secret or token (`SecretAccessKey=…`, `"aws_session_token": "…"`, `X-Amz-Security-Token=…`).
 * The name is one whole word, tested apart: `[\w-]*(?:secret|token)[\w-]*` inside the pattern
 * backtracked cubically (16 s for 8000 characters of "secretsecret…").
 */
const setting = /((?<![\w-])(?:\\?["'])?([\w-]+)(?:\\?["'])?\s*[:=]\s*)(?:\\?["'])?(?:\\\/|[^\s"'\\,;&}])+(?:\\?["'])?/g
const secretName = /secret|token/i

/**
 * The start of stderr, on one line, with anything shaped like a secret access key or session token
 * removed: a helper that fails may well echo what it was handling. Redacted first, then cut, so
 * the cut never keeps the start of a key that redaction would have removed whole.
 */
function showStderr(stderr: string): string {
  const redacted = stderr
    .replace(setting, (whole, prefix: string, name: string) => (secretName.test(name) ? `${prefix}[redacted]` : whole))
    .replace(secretShaped, '[redacted]')
    .replace(/\s+/g, ' ')
    .trim()
  return redacted.length > maxStderrShown ? `${redacted.slice(0, maxStderrShown)}…` : redacted
}
