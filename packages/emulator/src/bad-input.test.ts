import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startEmulator, type Emulator } from './index.js'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.stop())

const printable = fc.string({ unit: fc.constantFrom(...'abcXYZ019=&%+/.:;,-_ ~*?#[]{}"\'<>!'.split('')), maxLength: 80 })
const actions = fc.constantFrom('AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML', 'GetSessionToken', 'GetFederationToken', 'GetCallerIdentity', 'GetAccessKeyInfo', 'DecodeAuthorizationMessage', 'Nope', '')
const paths = fc.constantFrom('/', '/latest/api/token', '/latest/meta-data/', '/latest/meta-data/iam/security-credentials/emulator-role', '/v1/credentials', '/v2/credentials/x', '/oidc/.well-known/jwks.json', '/_emulator/faults/sts', '/_emulator/oidc/token', '/nowhere')

// Whatever arrives, every request gets an HTTP answer (never a dropped connection or a 500 from
// a crash) and the emulator keeps serving.
it('answers arbitrary requests without crashing', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        path: paths,
        action: actions,
        parameters: fc.dictionary(fc.constantFrom('RoleArn', 'RoleSessionName', 'DurationSeconds', 'WebIdentityToken', 'SAMLAssertion', 'Tags.member.1.Key', 'PolicyArns.member.x.arn', 'SerialNumber', 'TokenCode', 'Name', 'Version', 'EncodedMessage', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Expires'), printable),
        authorization: fc.option(fc.oneof(printable, printable.map((text) => `AWS4-HMAC-SHA256 Credential=${text}, SignedHeaders=host, Signature=${text}`))),
        token: fc.option(printable),
        body: fc.option(printable),
      }),
      async (input) => {
        const query = new URLSearchParams({ Action: input.action, Version: '2011-06-15', ...input.parameters })
        const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
        if (input.authorization !== null) headers['authorization'] = input.authorization
        if (input.token !== null) {
          headers['x-aws-ec2-metadata-token'] = input.token
          headers['x-amz-date'] = input.token
        }
        const hasBody = input.method !== 'GET' && input.body !== null
        const response = await fetch(`${emulator.url}${input.path}?${query}`, { method: input.method, headers, ...(hasBody ? { body: input.body! } : {}) })
        await response.arrayBuffer()
        expect(response.status).toBeGreaterThanOrEqual(200)
        expect(response.status).toBeLessThan(500)
      },
    ),
    { numRuns: 300 },
  )
  emulator.faults.clear()
  expect((await fetch(`${emulator.url}/_emulator/health`)).status).toBe(200)
})
