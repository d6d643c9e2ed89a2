import type { IncomingHttpHeaders } from 'node:http'

/** What the STS handler needs of an incoming HTTP request, already read. */
export interface IncomingStsRequest {
  readonly method: string
  readonly url: URL
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

/** One header's value as a single string (node gives arrays for a few repeated headers). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(',') : value
}
