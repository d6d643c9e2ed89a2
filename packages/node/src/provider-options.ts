import type { Environment } from './profiles/profile-file-locations.js'

/** What every @credkit/node provider accepts; each reads `process.env` only when `env` is absent. */
export interface NodeProviderOptions {
  /** Default `process.env`, read at each call. */
  readonly env?: Environment
  /** Takes precedence over `AWS_PROFILE`; default `default`. */
  readonly profile?: string
  /** Take precedence over `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`. */
  readonly configFile?: string
  readonly credentialsFile?: string
  /** Milliseconds since the epoch; default `Date.now`. */
  readonly now?: () => number
  /** Stops the work in progress (a process, an STS call); its reason is thrown. */
  readonly signal?: AbortSignal
}
