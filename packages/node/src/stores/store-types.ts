/**
 * The store contract of core's refresh engine (`cached`), repeated structurally until core exports
 * it: a store written against these types is a core `CredentialStore`.
 */
export interface StoredCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  readonly expiration?: string
  readonly accountId?: string
}

export interface StoreLock {
  release(): Promise<void>
}

export interface CredentialStore {
  get(key: string): Promise<StoredCredentials | undefined>
  set(key: string, value: StoredCredentials, options: { expiresAt: Date }): Promise<void>
  delete(key: string): Promise<void>
  lock?(key: string, ttlMs: number): Promise<StoreLock | undefined>
}
