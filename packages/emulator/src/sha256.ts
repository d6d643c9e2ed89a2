import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'

type Bytes = string | ArrayBuffer | ArrayBufferView

function toBuffer(data: Bytes): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  return Buffer.from(data)
}

/**
 * The `Checksum` constructor @smithy/signature-v4 wants, on node:crypto. Written here rather than
 * taking @smithy/hash-node so the verifier's only smithy dependency is the signer itself.
 */
export class Sha256 {
  private readonly secret: Buffer | undefined
  private state: Hash | Hmac

  constructor(secret?: Bytes) {
    this.secret = secret === undefined ? undefined : toBuffer(secret)
    this.state = this.create()
  }

  update(data: Bytes): void {
    this.state.update(toBuffer(data))
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.state.digest())
  }

  reset(): void {
    this.state = this.create()
  }

  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret)
  }
}
