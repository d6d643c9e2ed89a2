import { InvalidSigningInputError } from './errors.js'

// Two letters, or four for the European Sovereign Cloud's (eusc-de-east-1).
const regionPattern = /^[a-z]{2,4}(-[a-z]+)+-\d+$/
const awsSuffixes = ['.amazonaws.com.cn', '.amazonaws.com', '.api.aws', '.on.aws', '.api.amazonwebservices.com.cn', '.amazonaws.eu', '.api.amazonwebservices.eu']
// Services whose only endpoint is global, signed for us-east-1 (or the partition's first region).
const globalServices: Record<string, string> = { iam: 'us-east-1', sts: 'us-east-1', s3: 'us-east-1', route53: 'us-east-1', cloudfront: 'us-east-1', sqs: 'us-east-1' }
// Endpoint prefixes signed with another name: a request signed for the prefix is refused with 403
// ("Credential should be scoped to correct service"). From botocore's models (each service's
// metadata.signingName against its endpointPrefix, and endpoints.json's credentialScope, August
// 2026), and the AWS SDK's for the hosts botocore has no model of (lambda-url, appsync-api,
// aps-workspaces, transcribestreaming). A prefix of two labels is keyed by both: its second label
// alone (iot, sso, connect, pinpoint, marketplace) names another service.
const signingNames = new Map([
  ['lambda-url', 'lambda'],
  ['appsync-api', 'appsync'],
  ['aps-workspaces', 'aps'],
  ['transcribestreaming', 'transcribe'],
  ['email', 'ses'],
  ['mail-manager', 'ses'],
  ['queue', 'sqs'],
  ['agent-registry-control', 'agent-registry'],
  ['appconfigdata', 'appconfig'],
  ['appstream2', 'appstream'],
  ['bedrock-agent', 'bedrock'],
  ['bedrock-agent-runtime', 'bedrock'],
  ['bedrock-agentcore-control', 'bedrock-agentcore'],
  ['bedrock-data-automation', 'bedrock'],
  ['bedrock-data-automation-runtime', 'bedrock'],
  ['bedrock-runtime', 'bedrock'],
  ['cassandra-streams', 'cassandra'],
  ['cloudhsmv2', 'cloudhsm'],
  ['cloudsearchdomain', 'cloudsearch'],
  ['contact-lens', 'connect'],
  ['data-signer', 'signer'],
  ['forecastquery', 'forecast'],
  ['identity-chime', 'chime'],
  ['media-pipelines-chime', 'chime'],
  ['meetings-chime', 'chime'],
  ['messaging-chime', 'chime'],
  ['voice-chime', 'chime'],
  ['ivsrealtime', 'ivs'],
  ['memory-db', 'memorydb'],
  ['migrationhub-config', 'mgh'],
  ['models-v2-lex', 'lex'],
  ['runtime-v2-lex', 'lex'],
  ['oidc', 'sso-oauth'],
  ['partnercentral-prm', 'partnercentral'],
  ['personalize-events', 'personalize'],
  ['personalize-runtime', 'personalize'],
  ['pinpoint', 'mobiletargeting'],
  ['servicecatalog-appregistry', 'servicecatalog'],
  ['agreement-marketplace', 'aws-marketplace'],
  ['deployment-marketplace', 'aws-marketplace'],
  ['discovery-marketplace', 'aws-marketplace'],
  ['reporting-marketplace', 'aws-marketplace'],
  ['catalog.marketplace', 'aws-marketplace'],
  ['entitlement.marketplace', 'aws-marketplace'],
  ['metering.marketplace', 'aws-marketplace'],
  ['portal.sso', 'awsssoportal'],
  ['participant.connect', 'execute-api'],
  ['sms-voice.pinpoint', 'sms-voice'],
  ['jobs.iot', 'iot-jobs-data'],
  ['tunneling.iot', 'IoTSecuredTunneling'],
])

/**
 * The signing name and region an AWS hostname implies, e.g. `dynamodb.eu-west-1.amazonaws.com` →
 * `dynamodb`, `eu-west-1`; `bucket.s3.us-east-2.amazonaws.com` → `s3`, `us-east-2`;
 * `abc.lambda-url.us-east-1.on.aws` → `lambda`. Throws when the host is not one of AWS's.
 */
export function inferServiceRegion(url: URL): { service: string; region: string } {
  const host = url.hostname.toLowerCase()
  const suffix = awsSuffixes.find((candidate) => host.endsWith(candidate))
  if (suffix === undefined) {
    throw new InvalidSigningInputError(`cannot infer the service and region of ${url.host}: pass service and region`)
  }
  // The endpoint is the last labels; whatever comes before them (a bucket, a domain, an API id) may
  // itself look like a region (a bucket named my.us-east-1.data), so only the last two are read.
  const labels = host
    .slice(0, -suffix.length)
    .split('.')
    .filter((label) => label !== 'dualstack' && label !== 'fips')
  if (labels.at(-1) === 'vpce') labels.pop()
  const [before, last] = [labels.at(-2) ?? '', labels.at(-1)!]
  // service.region, or region.service for the services whose hosts put the region first (OpenSearch:
  // domain.us-east-1.es, collection.us-east-1.aoss; SQS's legacy us-east-2.queue); only for those, as a bucket named like a region
  // (my-data-1.s3.amazonaws.com) comes before its service too.
  let [service, region] = regionPattern.test(last)
    ? [before, last]
    : (last == 'es' || last == 'aoss' || last == 'queue') && regionPattern.test(before)
      ? [last, before]
      : [last, undefined]
  service = service.replace(/-fips$/, '')
  if (/^s3-[a-z]{2}(-[a-z]+)+-\d+$/.test(service) && region === undefined) return { service: 's3', region: service.slice(3) }
  // S3's endpoints sign as s3 (s3-accesspoint, s3-fips, …) but for a few that have signing names
  // of their own: S3 Express One Zone's zonal endpoints are named after their zone.
  if (service.startsWith('s3express')) service = 's3express'
  else if (service.startsWith('s3-') && service !== 's3-outposts' && service !== 's3-object-lambda') service = 's3'
  // IoT's data plane is any host with a label before iot (data-ats, data, or the account's own
  // endpoint such as a1b2c3-ats); iot alone is the control plane.
  const qualifier = labels.at(regionPattern.test(last) ? -3 : -2)
  service = signingNames.get(`${qualifier}.${service}`) ?? signingNames.get(service) ?? (service == 'iot' && qualifier ? 'iotdata' : service)
  if (service && region !== undefined) return { service, region }
  const globalRegion = globalServices[service]
  if (globalRegion === undefined) {
    throw new InvalidSigningInputError(`cannot infer the region of ${url.host}: pass region`)
  }
  return { service, region: suffix === '.amazonaws.com.cn' ? 'cn-north-1' : globalRegion }
}
