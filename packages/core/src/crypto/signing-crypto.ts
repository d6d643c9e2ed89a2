export type MaybePromise<T> = T | Promise<T>

/** Runs `next` on a value that may be a promise, staying synchronous when it is not. */
export const andThen = <T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> =>
  value instanceof Promise ? value.then(next) : next(value)

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
  /** The HMAC in lowercase hex, where the backend has a faster way than `hmac` and `toHex`. */
  hmacHex?(key: Key, data: string): MaybePromise<string>
}
