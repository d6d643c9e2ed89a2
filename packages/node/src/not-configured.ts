import { CredkitError } from '@credkit/core'

/**
 * A provider has nothing to offer here (no variables set, no such profile setting), which is what
 * lets `chain(...)` move on to the next provider. Any other error stops the chain: a profile that
 * is configured but broken must be reported, not skipped.
 *
 * Core's `chain` (issue 4) will own this contract; until core exports its own "not configured"
 * error this class stands in, carrying smithy's `tryNextLink` flag so that chains built on the
 * AWS SDK's convention move on as well.
 */
export class CredentialsNotConfiguredError extends CredkitError {
  static override code = 'ERR_CREDENTIALS_NOT_CONFIGURED'
  override code = 'ERR_CREDENTIALS_NOT_CONFIGURED'
  readonly tryNextLink = true
}

export const notConfigured = (message: string): CredentialsNotConfiguredError => new CredentialsNotConfiguredError(message)
