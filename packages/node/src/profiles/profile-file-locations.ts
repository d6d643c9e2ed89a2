import type { PlatformPath } from 'node:path'

// node:os and node:path are taken at use, not imported: importing @credkit/node loads no built-in
// module (issue 5).

export type Environment = Readonly<Record<string, string | undefined>>

export interface ProfileFileLocationOptions {
  /** Default `process.env`. */
  readonly env?: Environment
  /** Default `process.platform`; decides the path separator (`win32` joins with `\`). */
  readonly platform?: NodeJS.Platform
  /** Takes precedence over `AWS_PROFILE`. */
  readonly profile?: string
  /** Take precedence over `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`. */
  readonly configFile?: string
  readonly credentialsFile?: string
}

export interface ProfileFileLocations {
  readonly configFile: string
  readonly credentialsFile: string
  /** The profile to use: `options.profile`, `AWS_PROFILE`, or `default`. */
  readonly profile: string
  /** Whether the profile was chosen (by option or `AWS_PROFILE`) rather than defaulted. */
  readonly profileChosen: boolean
}

/** A set-but-empty variable counts as unset, as in every SDK. */
export const readVariable = (env: Environment, name: string): string | undefined => {
  const value = env[name]
  return value === undefined || value.trim() === '' ? undefined : value
}

/**
 * The home directory as the AWS SDKs find it: `HOME`, then `USERPROFILE`, then
 * `HOMEDRIVE` + `HOMEPATH`, then what the operating system says.
 */
export function homeDirectory(env: Environment): string {
  const homeDrive = readVariable(env, 'HOMEDRIVE')
  const homePath = readVariable(env, 'HOMEPATH')
  return (
    readVariable(env, 'HOME') ??
    readVariable(env, 'USERPROFILE') ??
    (homePath !== undefined ? `${homeDrive ?? ''}${homePath}` : undefined) ??
    process.getBuiltinModule('node:os').homedir()
  )
}

/** Where the shared config and credentials files are, and which profile to read from them. */
export function profileFileLocations(options: ProfileFileLocationOptions = {}): ProfileFileLocations {
  const env = options.env ?? process.env
  const { posix, win32 } = process.getBuiltinModule('node:path')
  const paths = (options.platform ?? process.platform) === 'win32' ? win32 : posix
  const home = () => homeDirectory(env)
  const locate = (explicit: string | undefined, variable: string, name: string) => {
    const given = explicit ?? readVariable(env, variable)
    return given === undefined ? paths.join(home(), '.aws', name) : expandHome(given, home, paths)
  }
  const profile = options.profile ?? readVariable(env, 'AWS_PROFILE')
  return {
    configFile: locate(options.configFile, 'AWS_CONFIG_FILE', 'config'),
    credentialsFile: locate(options.credentialsFile, 'AWS_SHARED_CREDENTIALS_FILE', 'credentials'),
    profile: profile ?? 'default',
    profileChosen: profile !== undefined,
  }
}

// `~/…` in AWS_CONFIG_FILE is expanded by the SDKs, since a shell does not expand it inside quotes.
function expandHome(file: string, home: () => string, paths: PlatformPath): string {
  if (file === '~') return home()
  if (file.startsWith('~/') || (paths.sep === '\\' && file.startsWith('~\\'))) {
    return paths.join(home(), file.slice(2))
  }
  return file
}
