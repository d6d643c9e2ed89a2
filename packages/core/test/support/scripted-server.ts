/**
 * A loopback HTTP server that answers from a script, standing in for an AWS service's failure
 * modes (throttling, 5xx, expired tokens, clock skew) that no local implementation produces.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  readonly method: string
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

export type Answer = (request: RecordedRequest, response: ServerResponse) => void

export async function startScriptedServer(answers: Answer[], fallback?: Answer) {
  const requests: RecordedRequest[] = []
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const request = {
        method: incoming.method!,
        url: incoming.url!,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(request)
      const answer = answers.shift() ?? fallback ?? ((_, res) => res.writeHead(200).end('ok'))
      answer(request, response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export const status =
  (code: number, body = '', headers: Record<string, string> = {}): Answer =>
  (_, response) =>
    response.writeHead(code, headers).end(body)

export const awsError = (code: number, errorCode: string, headers: Record<string, string> = {}): Answer =>
  status(code, `<?xml version="1.0"?><Error><Code>${errorCode}</Code><Message>scripted</Message></Error>`, {
    'content-type': 'application/xml',
    ...headers,
  })
