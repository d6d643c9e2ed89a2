// The inputs every contender signs, in Node and in Chromium. Fixed credentials and a fixed date
// make every run sign exactly the same bytes, so runs on different days stay comparable. The
// hostnames are never contacted: signing is pure computation.

// A deterministic stand-in for an STS session token: real ones are ~700 base64 characters, and
// the token's length matters because it is both a signed header and hashed into the signature.
function fakeSessionToken(length) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  let seed = 20260115
  let token = 'IQoJb3JpZ2luX2VjE'
  while (token.length < length) {
    seed = (seed * 1103515245 + 12345) % 2147483648
    token += alphabet[seed % 64]
  }
  return token
}

export const credentials = Object.freeze({
  accessKeyId: 'ASIAEXAMPLEBENCHKEY1',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: fakeSessionToken(720),
})

export const region = 'us-east-1'
export const signingDate = new Date('2026-01-15T12:00:00.000Z')
export const amzDate = '20260115T120000Z'
export const presignExpiresIn = 3600

// A JSON body of exactly `bytes` ASCII bytes, so string length and UTF-8 length agree.
function jsonBody(bytes) {
  const head = '{"items":"'
  const tail = '"}'
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail
}

const apiUrl = 'https://abc123def4.execute-api.us-east-1.amazonaws.com/prod/items'
const s3Url = 'https://examplebucket.s3.us-east-1.amazonaws.com/photos/2026/01/holiday.jpg'

/**
 * POSTs go to API Gateway (`execute-api`) rather than S3: every contender hashes the body there,
 * whereas aws4fetch would sign S3 bodies as UNSIGNED-PAYLOAD and skip the work being measured.
 */
export const scenarios = [
  { id: 's3-get', title: 'S3 GET, session token (header signing)', service: 's3', method: 'GET', url: s3Url, headers: {} },
  {
    id: 'post-1kib',
    title: 'POST, 1 KiB body',
    service: 'execute-api',
    method: 'POST',
    url: apiUrl,
    headers: { 'content-type': 'application/json' },
    body: jsonBody(1024),
  },
  {
    id: 'post-1mib',
    title: 'POST, 1 MiB body',
    service: 'execute-api',
    method: 'POST',
    url: apiUrl,
    headers: { 'content-type': 'application/json' },
    body: jsonBody(1024 * 1024),
  },
  { id: 's3-presign', title: 'S3 presign (GET, 3600 s)', service: 's3', method: 'GET', url: s3Url, headers: {}, presign: true },
]
