type MaybePromise<T> = T | Promise<T>

/**
 * The primitives SigV4 needs. A backend may answer synchronously (node:crypto, pure JS) or
 * asynchronously (WebCrypto); the signer awaits either. `Key` is whatever the backend can reuse
 * fastest, so a cached signing key skips the import step (WebCrypto's `importKey` costs as much as
 * the HMAC itself).
 */
export interface SigningCrypto<Key = unknown> {
  readonly name: string
  sha256Hex(data: string | Uint8Array): MaybePromise<string>
  hmacKey(secret: string | Uint8Array): MaybePromise<Key>
  hmac(key: Key, data: string): MaybePromise<Uint8Array>
}
