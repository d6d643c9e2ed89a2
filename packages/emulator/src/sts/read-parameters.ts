import { headerValue, type IncomingStsRequest } from './signed-request.js'
import { Parameters } from './parameters.js'

/** GET query and POST form parameters together, as the Query protocol allows both. */
export function readParameters(request: IncomingStsRequest): Parameters {
  const values = new Map<string, string>()
  for (const [key, value] of request.url.searchParams) {
    if (!key.startsWith('X-Amz-')) values.set(key, value)
  }
  const contentType = headerValue(request.headers, 'content-type') ?? ''
  if (request.method === 'POST' && request.body.length > 0 && /application\/x-www-form-urlencoded/i.test(contentType)) {
    for (const [key, value] of new URLSearchParams(request.body.toString('utf8'))) values.set(key, value)
  }
  return new Parameters(values)
}
