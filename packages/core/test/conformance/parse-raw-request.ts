/** A request as written in the AWS suite's request.txt: the target and headers exactly as given. */
export interface RawRequest {
  readonly method: string
  readonly path: string
  readonly query: string
  readonly headers: ReadonlyArray<readonly [string, string]>
  readonly body: string
}

export function parseRawRequest(text: string): RawRequest {
  const bodyStart = text.indexOf('\n\n')
  const head = bodyStart === -1 ? text : text.slice(0, bodyStart)
  const body = bodyStart === -1 ? '' : text.slice(bodyStart + 2)
  const [requestLine = '', ...headerLines] = head.split('\n')
  const method = requestLine.slice(0, requestLine.indexOf(' '))
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' HTTP/'))
  const queryStart = target.indexOf('?')
  const headers: [string, string][] = []
  for (const line of headerLines) {
    if (line === '') continue
    if (/^\s/.test(line) && headers.length > 0) {
      // An obsolete line fold: the value goes on, the fold counts as whitespace.
      const last = headers[headers.length - 1]!
      last[1] += '\n' + line
      continue
    }
    const colon = line.indexOf(':')
    headers.push([line.slice(0, colon), line.slice(colon + 1)])
  }
  return {
    method,
    path: queryStart === -1 ? target : target.slice(0, queryStart),
    query: queryStart === -1 ? '' : target.slice(queryStart + 1),
    headers,
    body,
  }
}
