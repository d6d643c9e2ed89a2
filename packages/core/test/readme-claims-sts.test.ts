/**
 * "The regional endpoint is the default": with no region given, the STS client signs for and
 * sends to us-east-1's regional endpoint. Nothing leaves the process: the fetch is a stub.
 */
import { describe, expect, it } from 'vitest'
import { createStsClient } from '../src/index.js'

const identityXml =
  '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/u</Arn><UserId>AIDA1</UserId>' +
  '<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>'

describe('README: createStsClient’s endpoint', () => {
  it.each([
    ['no region', {}, 'https://sts.us-east-1.amazonaws.com/', '/us-east-1/sts/'],
    ['eu-west-1', { region: 'eu-west-1' }, 'https://sts.eu-west-1.amazonaws.com/', '/eu-west-1/sts/'],
  ])('with %s, sends to the regional endpoint and signs for its region', async (_, regionOption, endpoint, scope) => {
    const sent: Request[] = []
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push(new Request(input, init))
      return new Response(identityXml, { headers: { 'content-type': 'text/xml' } })
    }
    const client = createStsClient({ ...regionOption, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, fetch })
    expect((await client.getCallerIdentity()).account).toBe('123456789012')
    expect(sent).toHaveLength(1)
    expect(sent[0]!.url).toBe(endpoint)
    expect(sent[0]!.headers.get('authorization')).toContain(scope)
  })
})
