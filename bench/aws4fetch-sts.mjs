// The smallest way to do issue 4's browser scenario with aws4fetch: an OIDC token traded for role
// credentials by a hand-written STS call, then a signed S3 GET. No refresh, no error handling, no
// retries: only here to size against credkit (bench/size.mjs), never used by anything.
import { AwsClient } from 'aws4fetch'

export async function getObject(url, idToken, roleArn, region) {
  const query = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: 'web',
    WebIdentityToken: idToken,
  })
  const xml = await (await fetch(`https://sts.${region}.amazonaws.com/?${query}`)).text()
  const field = (name) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)[1]
  const client = new AwsClient({
    accessKeyId: field('AccessKeyId'),
    secretAccessKey: field('SecretAccessKey'),
    sessionToken: field('SessionToken'),
    service: 's3',
    region,
  })
  return client.fetch(url)
}
