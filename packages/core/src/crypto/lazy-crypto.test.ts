import { describe, expect, it } from 'vitest'
import { createLazyCrypto } from './lazy-crypto.js'
import type { SigningCrypto } from './signing-crypto.js'

// A backend that answers every method with its own name, so a test sees which one answered.
const backend = (id: string): SigningCrypto => ({
  name: id,
  sha256Hex: () => `${id}:sha256Hex`,
  hmacKey: () => `${id}:key`,
  hmac: () => new Uint8Array([id.length]),
  hmacHex: () => `${id}:hmacHex`,
})

describe('createLazyCrypto', () => {
  it('loads the backend on first use, once for concurrent callers, then calls it synchronously', async () => {
    let created = 0
    const crypto = createLazyCrypto('lazy', () => backend(`backend${++created}`))
    expect(created).toBe(0)
    const first = await Promise.all([crypto.sha256Hex('a'), crypto.hmacKey('k'), crypto.hmacHex!('k', 'a')])
    expect(first).toEqual(['backend1:sha256Hex', 'backend1:key', 'backend1:hmacHex'])
    expect(created).toBe(1)
    // The backend's own methods took their places: no promise any more.
    expect(crypto.sha256Hex('a')).toBe('backend1:sha256Hex')
  })

  it('tries the load again after it failed, instead of failing every later call', async () => {
    let attempts = 0
    const crypto = createLazyCrypto('lazy', () => {
      if (++attempts === 1) throw new Error('chunk failed to load')
      return backend('second')
    })
    await expect(crypto.sha256Hex('a')).rejects.toThrow('chunk failed to load')
    await expect(crypto.sha256Hex('a')).resolves.toBe('second:sha256Hex')
  })
})
