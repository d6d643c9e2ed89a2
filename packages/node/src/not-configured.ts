import { CredentialsNotConfiguredError } from '@credkit/core/credentials'

/** Core's "not configured" error: `chain(...)` moves on on this error and on no other. */
export const notConfigured = (message: string): CredentialsNotConfiguredError => new CredentialsNotConfiguredError(message)
