import type { ServerResponse } from 'node:http'

/** One complete HTTP answer; handlers return these and the server writes them. */
export interface Reply {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
}

export function textReply(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, body, headers: { 'content-type': 'text/plain', ...headers } }
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body: JSON.stringify(value), headers: { 'content-type': 'application/json', ...headers } }
}

export function writeReply(response: ServerResponse, reply: Reply): void {
  const body = reply.body ?? ''
  response.writeHead(reply.status, {
    ...reply.headers,
    'content-length': String(Buffer.byteLength(body)),
  })
  response.end(body)
}
