import type { IncomingMessage } from 'node:http'

/** Larger than any STS request (a SAML assertion is at most 100 000 characters). */
export const maximumBodyBytes = 1024 * 1024

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body is larger than ${maximumBodyBytes} bytes`)
    this.name = 'BodyTooLargeError'
  }
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length
    if (length > maximumBodyBytes) throw new BodyTooLargeError()
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
