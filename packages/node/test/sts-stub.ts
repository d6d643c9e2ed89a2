import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StubCall {
  readonly action: string
  readonly parameters: Record<string, string>
  /** The access key id the request was signed with, or undefined when unsigned. */
  readonly signedWith: string | undefined
  readonly signingRegion: string | undefined
  readonly sessionToken: string | undefined
  readonly path: string
}

/**
 * A stand-in for STS on loopback until @credkit/emulator lands: it answers AssumeRole and
 * AssumeRoleWithWebIdentity with credentials named after the role (`ASIA-<role>`), and records
 * each call with the key it was signed with, so tests can check which credentials sourced which
 * role. `fail` makes the next answers an STS error.
 */
export async function startStsStub() {
  const calls: StubCall[] = []
  let failures: { code: string; status: number }[] = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    request.on('end', () => {
      const parameters = Object.fromEntries(new URLSearchParams(body))
      const authorization = request.headers['authorization'] ?? ''
      const credential = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(authorization)
      const action = parameters['Action'] ?? ''
      calls.push({
        action,
        parameters,
        signedWith: credential?.[1],
        signingRegion: credential?.[2],
        sessionToken: request.headers['x-amz-security-token'] as string | undefined,
        path: request.url ?? '',
      })
      const failure = failures.shift()
      if (failure) {
        response.writeHead(failure.status, { 'content-type': 'text/xml' })
        response.end(
          `<ErrorResponse><Error><Type>Sender</Type><Code>${failure.code}</Code><Message>not allowed</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
        )
        return
      }
      const role = (parameters['RoleArn'] ?? '').split('/').pop()
      const expiration = new Date(Date.now() + Number(parameters['DurationSeconds'] ?? 3600) * 1000).toISOString()
      response.writeHead(200, { 'content-type': 'text/xml' })
      response.end(
        `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result>` +
          `<Credentials><AccessKeyId>ASIA-${role}</AccessKeyId><SecretAccessKey>secret-${role}</SecretAccessKey>` +
          `<SessionToken>token-${role}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
          `<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/${role}/${parameters['RoleSessionName']}</Arn>` +
          `<AssumedRoleId>AROA:${parameters['RoleSessionName']}</AssumedRoleId></AssumedRoleUser>` +
          `</${action}Result><ResponseMetadata><RequestId>r-ok</RequestId></ResponseMetadata></${action}Response>`,
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    fail(code: string, status = 403, times = 1) {
      failures = Array.from({ length: times }, () => ({ code, status }))
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
