import { SignatureV4 } from '@smithy/signature-v4'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from './index.js'
import { Sha256 } from './sha256.js'

let emulator: Emulator
const credentials = { accessKeyId: 'AKIAWIRE000000000001', secretAccessKey: 'wire-secret' }

beforeAll(async () => {
  emulator = await startEmulator({ users: [{ name: 'wire', ...credentials }], roles: [{ name: 'wire-role' }] })
})
afterAll(() => emulator.stop())

function signer() {
  return new SignatureV4({ credentials, region: 'us-east-1', service: 'sts', sha256: Sha256 })
}

/** Signs a form POST with smithy and sends it with fetch, returning status, headers and raw text. */
async function signedPost(form: Record<string, string>, options: { secret?: string; date?: Date } = {}) {
  const url = new URL(emulator.url)
  const body = new URLSearchParams(form).toString()
  const request = {
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  }
  const sts = new SignatureV4({
    credentials: { ...credentials, secretAccessKey: options.secret ?? credentials.secretAccessKey },
    region: 'us-east-1',
    service: 'sts',
    sha256: Sha256,
  })
  const signed = await sts.sign(request, { signingDate: options.date ?? new Date() })
  const headers = { ...signed.headers } as Record<string, string>
  delete headers['host']
  const response = await fetch(emulator.url + '/', { method: 'POST', headers, body })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

describe('STS wire format', () => {
  it('writes GetCallerIdentityResponse like the STS API reference', async () => {
    const response = await signedPost({ Action: 'GetCallerIdentity', Version: '2011-06-15' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/xml')
    const requestId = response.headers.get('x-amzn-requestid')!
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    const user = emulator.users[0]!
    expect(response.text).toBe(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
        '  <GetCallerIdentityResult>\n' +
        `    <Arn>arn:aws:iam::123456789012:user/wire</Arn>\n` +
        `    <UserId>${user.userId}</UserId>\n` +
        '    <Account>123456789012</Account>\n' +
        '  </GetCallerIdentityResult>\n' +
        '  <ResponseMetadata>\n' +
        `    <RequestId>${requestId}</RequestId>\n` +
        '  </ResponseMetadata>\n' +
        '</GetCallerIdentityResponse>\n',
    )
  })

  it('writes ErrorResponse with Type, Code, Message and RequestId', async () => {
    const response = await signedPost({ Action: 'GetCallerIdentity', Version: '2011-06-15' }, { secret: 'wrong' })
    expect(response.status).toBe(403)
    const requestId = response.headers.get('x-amzn-requestid')!
    expect(response.text).toBe(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
        '  <Error>\n' +
        '    <Type>Sender</Type>\n' +
        '    <Code>SignatureDoesNotMatch</Code>\n' +
        '    <Message>The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.</Message>\n' +
        '  </Error>\n' +
        `  <RequestId>${requestId}</RequestId>\n` +
        '</ErrorResponse>\n',
    )
  })

  it('writes AssumeRole credentials with second-precision UTC expiration', async () => {
    const response = await signedPost({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: 'arn:aws:iam::123456789012:role/wire-role', RoleSessionName: 'wire' })
    expect(response.status).toBe(200)
    expect(response.text).toMatch(/<Expiration>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z<\/Expiration>/)
    expect(response.text).toMatch(/<AccessKeyId>ASIA[A-Z2-7]{16}<\/AccessKeyId>/)
    expect(response.text).not.toContain('<PackedPolicySize>')
  })

  it('accepts a presigned GET (query-string signature), as identity-proof flows use', async () => {
    const url = new URL(emulator.url)
    const presigned = await signer().presign(
      { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host }, query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } },
      { expiresIn: 60 },
    )
    const query = new URLSearchParams(presigned.query as Record<string, string>)
    const response = await fetch(`${emulator.url}/?${query}`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<Arn>arn:aws:iam::123456789012:user/wire</Arn>')
    query.set('Action', 'GetSessionToken')
    expect((await fetch(`${emulator.url}/?${query}`)).status).toBe(403)
  })

  it('accepts a GET with the parameters in the query and the signature in the header', async () => {
    const url = new URL(emulator.url)
    const signed = await signer().sign({
      method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/',
      headers: { host: url.host }, query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    })
    const headers = { ...signed.headers } as Record<string, string>
    delete headers['host']
    const response = await fetch(`${emulator.url}/?Action=GetCallerIdentity&Version=2011-06-15`, { headers })
    expect(response.status).toBe(200)
    const moved = await fetch(`${emulator.url}/?Action=GetCallerIdentity&Version=2011-06-15&Extra=1`, { headers })
    expect(moved.status).toBe(403)
  })

  it('checks x-amz-content-sha256 against the body', async () => {
    const url = new URL(emulator.url)
    const body = 'Action=GetCallerIdentity&Version=2011-06-15'
    const signed = await signer().sign({
      method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/',
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded', 'x-amz-content-sha256': '0'.repeat(64) }, body,
    })
    const headers = { ...signed.headers } as Record<string, string>
    delete headers['host']
    const response = await fetch(`${emulator.url}/`, { method: 'POST', headers, body })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('<Code>XAmzContentSHA256Mismatch</Code>')
  })

  it('accepts a presigned GET made with temporary credentials (X-Amz-Security-Token in the query)', async () => {
    const assumed = await signedPost({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: 'arn:aws:iam::123456789012:role/wire-role', RoleSessionName: 'presigner' })
    const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(assumed.text)![1]!
    const temporary = { accessKeyId: field('AccessKeyId'), secretAccessKey: field('SecretAccessKey'), sessionToken: field('SessionToken') }
    const url = new URL(emulator.url)
    const presigned = await new SignatureV4({ credentials: temporary, region: 'us-east-1', service: 'sts', sha256: Sha256 }).presign(
      { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host }, query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } },
      { expiresIn: 60 },
    )
    const query = new URLSearchParams(presigned.query as Record<string, string>)
    expect(query.get('X-Amz-Security-Token')).toBe(temporary.sessionToken)
    const response = await fetch(`${emulator.url}/?${query}`)
    expect(await response.text()).toContain('<Arn>arn:aws:sts::123456789012:assumed-role/wire-role/presigner</Arn>')
  })

  it('rejects a presigned URL after X-Amz-Expires', async () => {
    const url = new URL(emulator.url)
    const presigned = await signer().presign(
      { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host }, query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } },
      { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) },
    )
    const response = await fetch(`${emulator.url}/?${new URLSearchParams(presigned.query as Record<string, string>)}`)
    expect(response.status).toBe(403)
    expect(await response.text()).toContain('<Message>Signature expired:')
  })

  it('answers the Query API errors for bad requests, never crashing', async () => {
    const cases: [string, RequestInit, number, string][] = [
      ['/?Action=GetCallerIdentity&Version=2011-06-15', {}, 403, 'MissingAuthenticationToken'],
      ['/?Action=Nope&Version=2011-06-15', {}, 400, 'InvalidAction'],
      ['/?Action=GetCallerIdentity', {}, 400, 'InvalidAction'],
      ['/', { method: 'POST', body: '%%%&&&==', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 400, 'InvalidAction'],
      ['/?Action=GetCallerIdentity&Version=2011-06-15', { headers: { authorization: 'AWS4-HMAC-SHA256 garbage' } }, 400, 'IncompleteSignature'],
      ['/?Action=GetCallerIdentity&Version=2011-06-15', { headers: { authorization: 'Basic abc' } }, 400, 'IncompleteSignature'],
      ['/?Action=GetCallerIdentity&Version=2011-06-15', { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=00', 'x-amz-date': '20240101T000000Z' } }, 400, 'IncompleteSignature'],
      ['/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256', {}, 400, 'AuthorizationQueryParametersError'],
      ['/?Action=AssumeRoleWithWebIdentity&Version=2011-06-15', {}, 400, 'ValidationError'],
      [`/?Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/wire-role&PrincipalArn=arn:aws:iam::123456789012:saml-provider/emulator-saml&SAMLAssertion=${encodeURIComponent(Buffer.from('not xml').toString('base64'))}`, {}, 400, 'InvalidIdentityToken'],
      [`/?Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/wire-role&PrincipalArn=arn:aws:iam::123456789012:saml-provider/emulator-saml&SAMLAssertion=${encodeURIComponent(Buffer.from('<Response><Issuer>x').toString('base64'))}`, {}, 400, 'InvalidIdentityToken'],
      ['/?Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/wire-role&RoleSessionName=x&WebIdentityToken=abcd', {}, 400, 'ValidationError'],
    ]
    for (const [path, init, status, code] of cases) {
      const response = await fetch(emulator.url + path, init)
      const text = await response.text()
      expect({ path, status: response.status, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] }).toEqual({ path, status, code })
    }
  })

  it('treats a request target starting with // as a path, not a host', async () => {
    const http = await import('node:http')
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = http.request(emulator.url, { path: '//evil.example/latest/meta-data/' }, (response) => {
        response.resume()
        resolve(response.statusCode)
      })
      request.on('error', reject)
      request.end()
    })
    expect(status).toBe(404)
  })

  it('refuses bodies over 1 MiB with 413 and keeps serving', async () => {
    const response = await fetch(emulator.url + '/', { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) }).catch(() => undefined)
    if (response !== undefined) expect(response.status).toBe(413)
    expect((await fetch(emulator.url + '/?Action=Nope&Version=2011-06-15')).status).toBe(400)
  })

  it('answers CORS preflights so browsers can call STS directly', async () => {
    const response = await fetch(emulator.url + '/', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type')
  })
})
