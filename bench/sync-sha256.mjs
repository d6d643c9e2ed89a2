// An experiment, not part of credkit: the smallest synchronous SHA-256 and HMAC we could write,
// to learn whether skipping WebCrypto's promise round trips pays for small canonical requests in
// the browser. hmacKey() precomputes the padded key's inner and outer states, so an HMAC with a
// cached signing key costs the message's blocks plus one, not two extra key blocks.

const K = Int32Array.from(
  '428a2f98 71374491 b5c0fbcf e9b5dba5 3956c25b 59f111f1 923f82a4 ab1c5ed5 d807aa98 12835b01 243185be 550c7dc3 72be5d74 80deb1fe 9bdc06a7 c19bf174 e49b69c1 efbe4786 0fc19dc6 240ca1cc 2de92c6f 4a7484aa 5cb0a9dc 76f988da 983e5152 a831c66d b00327c8 bf597fc7 c6e00bf3 d5a79147 06ca6351 14292967 27b70a85 2e1b2138 4d2c6dfc 53380d13 650a7354 766a0abb 81c2c92e 92722c85 a2bfe8a1 a81a664b c24b8b70 c76c51a3 d192e819 d6990624 f40e3585 106aa070 19a4c116 1e376c08 2748774c 34b0bcb5 391c0cb3 4ed8aa4a 5b9cca4f 682e6ff3 748f82ee 78a5636f 84c87814 8cc70208 90befffa a4506ceb bef9a3f7 c67178f2'
    .split(' ')
    .map((word) => parseInt(word, 16)),
)
const initial = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])
const words = new Int32Array(64)
const encoder = new TextEncoder()

/** Folds the 64-byte blocks of `bytes` into `state`, in place. */
function compress(state, bytes) {
  // Plain locals, not destructuring: V8 runs a typed array's iterator for `[a, b] = state`, which
  // made this twice as slow.
  let h0 = state[0], h1 = state[1], h2 = state[2], h3 = state[3], h4 = state[4], h5 = state[5], h6 = state[6], h7 = state[7]
  for (let offset = 0; offset < bytes.length; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const at = offset + i * 4
      words[i] = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]
    }
    for (let i = 16; i < 64; i++) {
      const x = words[i - 15], y = words[i - 2]
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)
      words[i] = (words[i - 16] + s0 + words[i - 7] + s1) | 0
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
    for (let i = 0; i < 64; i++) {
      const t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[i] + words[i]) | 0
      const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0
  }
  state[0] = h0; state[1] = h1; state[2] = h2; state[3] = h3; state[4] = h4; state[5] = h5; state[6] = h6; state[7] = h7
  return state
}

/** Finishes a hash whose `state` has already absorbed `before` bytes (64 for an HMAC pad). */
function finish(state, before, message) {
  const length = message.length
  const padded = new Uint8Array((length + 72) & ~63)
  padded.set(message)
  padded[length] = 0x80
  const bits = (before + length) * 8
  const view = new DataView(padded.buffer)
  view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000))
  view.setUint32(padded.length - 4, bits >>> 0)
  const out = compress(state.slice(), padded)
  const digest = new Uint8Array(32)
  const digestView = new DataView(digest.buffer)
  for (let i = 0; i < 8; i++) digestView.setInt32(i * 4, out[i])
  return digest
}

const toBytes = (data) => (typeof data == 'string' ? encoder.encode(data) : data)
const toHex = (bytes) => Array.from(bytes, (byte) => (byte < 16 ? '0' : '') + byte.toString(16)).join('')

export const sha256 = (data) => finish(initial, 0, toBytes(data))

function hmacKey(secret) {
  let key = toBytes(secret)
  if (key.length > 64) key = sha256(key)
  const pad = (byte) => compress(initial.slice(), Uint8Array.from({ length: 64 }, (_, i) => (key[i] ?? 0) ^ byte))
  return { inner: pad(0x36), outer: pad(0x5c) }
}

const hmac = (key, data) => finish(key.outer, 64, finish(key.inner, 64, toBytes(data)))

/** A credkit `SigningCrypto` that answers synchronously. */
export function createSyncSha256Crypto() {
  return {
    name: 'sync-js-sha256',
    sha256Hex: (data) => toHex(sha256(data)),
    hmacKey,
    hmac,
    hmacHex: (key, data) => toHex(hmac(key, data)),
  }
}
