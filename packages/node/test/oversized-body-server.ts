import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the server sends for a request: text, a body that never ends, or `bytes` bytes at once. */
export type ServerBody = string | { readonly endless: true } | { readonly bytes: number }

/**
 * A loopback HTTP server for endpoints that answer too much. An endless body is 16 KiB every
 * millisecond, chunked, until the client lets go (throttled so that a client that reads it all
 * gathers megabytes, not gigabytes, before its timeout). `abandoned` settles when a client closes
 * the connection of an answer the server had not finished: the client stopped reading.
 */
export async function startOversizedBodyServer(bodyFor: (method: string, path: string) => ServerBody) {
  const requests: string[] = []
  let bytesSent = 0
  let abandon: () => void = () => {}
  const abandoned = new Promise<void>((resolve) => (abandon = resolve))
  const chunk = Buffer.alloc(16 * 1024, 'x')

  const streamForever = (response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    const timer = setInterval(() => {
      if (response.writableNeedDrain) return
      response.write(chunk)
      bytesSent += chunk.length
    }, 1)
    response.on('close', () => clearInterval(timer))
  }

  const server = createServer((request, response) => {
    const method = request.method ?? 'GET'
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    requests.push(`${method} ${path}`)
    response.on('close', () => {
      if (!response.writableFinished) abandon()
    })
    const body = bodyFor(method, path)
    if (typeof body === 'string') return void response.end(body)
    if ('endless' in body) return streamForever(response)
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.bytes })
    bytesSent += body.bytes
    response.end(Buffer.alloc(body.bytes, 'x'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    /** `METHOD /path` of each request, in order. */
    requests,
    bytesSent: () => bytesSent,
    abandoned,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
