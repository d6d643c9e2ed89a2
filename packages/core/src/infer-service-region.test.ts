import { describe, expect, it } from 'vitest'
import { InvalidSigningInputError } from './errors.js'
import { inferServiceRegion } from './infer-service-region.js'

// Hostnames only: nothing here is fetched.
describe('inferServiceRegion', () => {
  it.each([
    ['https://dynamodb.eu-west-1.amazonaws.com/', 'dynamodb', 'eu-west-1'],
    ['https://bucket.s3.us-east-2.amazonaws.com/key', 's3', 'us-east-2'],
    ['https://s3.eu-central-1.amazonaws.com/bucket/key', 's3', 'eu-central-1'],
    ['https://bucket.s3.amazonaws.com/key', 's3', 'us-east-1'],
    ['https://bucket.s3-eu-west-1.amazonaws.com/key', 's3', 'eu-west-1'],
    ['https://bucket.s3.dualstack.ap-south-1.amazonaws.com/', 's3', 'ap-south-1'],
    ['https://sts.ap-southeast-2.amazonaws.com/', 'sts', 'ap-southeast-2'],
    ['https://sts.amazonaws.com/', 'sts', 'us-east-1'],
    ['https://iam.amazonaws.com/', 'iam', 'us-east-1'],
    ['https://abc123.execute-api.us-west-2.amazonaws.com/prod', 'execute-api', 'us-west-2'],
    ['https://abc.lambda-url.us-east-1.on.aws/', 'lambda', 'us-east-1'],
    ['https://sts.cn-north-1.amazonaws.com.cn/', 'sts', 'cn-north-1'],
    ['https://sqs-fips.us-east-1.amazonaws.com/', 'sqs', 'us-east-1'],
    // The service after the region: OpenSearch domains and serverless collections.
    ['https://search-logs-abc123.us-east-1.es.amazonaws.com/_search', 'es', 'us-east-1'],
    ['https://abc123.eu-west-1.aoss.amazonaws.com/index', 'aoss', 'eu-west-1'],
    // A bucket whose name holds a region-like label, on the global and a regional endpoint.
    ['https://my.us-west-2.bucket.s3.amazonaws.com/key', 's3', 'us-east-1'],
    ['https://my.us-west-2.bucket.s3.eu-central-1.amazonaws.com/key', 's3', 'eu-central-1'],
    ['https://bucket.vpce-0a1b2c3d.s3.us-east-1.vpce.amazonaws.com/key', 's3', 'us-east-1'],
    // S3 Express One Zone (zonal and regional endpoints, FIPS too) signs as s3express, an Object
    // Lambda access point as s3-object-lambda, as the AWS SDK's S3 endpoint rules do (found in review).
    ['https://bucket--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com/key', 's3express', 'us-west-2'],
    ['https://bucket--usw2-az1--x-s3.s3express-fips-usw2-az1.us-west-2.amazonaws.com/key', 's3express', 'us-west-2'],
    ['https://s3express-control.us-west-2.amazonaws.com/bucket', 's3express', 'us-west-2'],
    ['https://ap-111122223333.s3-object-lambda.us-east-1.amazonaws.com/key', 's3-object-lambda', 'us-east-1'],
    ['https://ap-111122223333.s3-accesspoint.eu-west-1.amazonaws.com/key', 's3', 'eu-west-1'],
    // A bucket named like a region, on the global endpoint.
    ['https://my-data-1.s3.amazonaws.com/key', 's3', 'us-east-1'],
    ['https://logs-prod-2.s3.amazonaws.com/key', 's3', 'us-east-1'],
    // The European Sovereign Cloud: a partition with a domain of its own (see stsEndpoint).
    ['https://bucket.s3.eusc-de-east-1.amazonaws.eu/key', 's3', 'eusc-de-east-1'],
    ['https://dynamodb.eusc-de-east-1.api.amazonwebservices.eu/', 'dynamodb', 'eusc-de-east-1'],
    // Endpoint prefixes whose signing name differs: signed as the prefix, each was refused with 403.
    ['https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse', 'bedrock', 'us-east-1'],
    ['https://bedrock-agent-runtime.eu-central-1.amazonaws.com/agents/a', 'bedrock', 'eu-central-1'],
    ['https://abcdefghij.appsync-api.eu-west-1.amazonaws.com/graphql', 'appsync', 'eu-west-1'],
    ['https://aps-workspaces.us-west-2.amazonaws.com/workspaces/ws-1/api/v1/remote_write', 'aps', 'us-west-2'],
    ['https://email.us-east-1.amazonaws.com/', 'ses', 'us-east-1'],
    // From botocore's models (signingName against endpointPrefix): one label, and two, whose
    // second alone names another service (found in review).
    ['https://transcribestreaming.us-east-2.amazonaws.com/stream-transcription', 'transcribe', 'us-east-2'],
    ['https://runtime.sagemaker.eu-west-1.amazonaws.com/endpoints/e/invocations', 'sagemaker', 'eu-west-1'],
    ['https://appstream2.us-west-2.amazonaws.com/', 'appstream', 'us-west-2'],
    ['https://personalize-events.us-east-1.amazonaws.com/events', 'personalize', 'us-east-1'],
    ['https://meetings-chime.us-east-1.amazonaws.com/meetings', 'chime', 'us-east-1'],
    ['https://oidc.eu-west-1.amazonaws.com/token', 'sso-oauth', 'eu-west-1'],
    ['https://portal.sso.eu-west-1.amazonaws.com/federation/credentials', 'awsssoportal', 'eu-west-1'],
    ['https://participant.connect.us-west-2.amazonaws.com/participant/message', 'execute-api', 'us-west-2'],
    ['https://sms-voice.pinpoint.us-east-1.amazonaws.com/v1/sms-voice/voice/message', 'sms-voice', 'us-east-1'],
    ['https://pinpoint.us-east-1.amazonaws.com/v1/apps', 'mobiletargeting', 'us-east-1'],
    ['https://metering.marketplace.us-east-1.amazonaws.com/', 'aws-marketplace', 'us-east-1'],
    ['https://streams.dynamodb.us-east-1.amazonaws.com/', 'dynamodb', 'us-east-1'],
    // IoT: the control plane signs as iot, its data plane as iotdata (the default endpoint and an
    // account's own), jobs and secure tunneling as their own.
    ['https://iot.us-east-1.amazonaws.com/things', 'iot', 'us-east-1'],
    ['https://data-ats.iot.us-east-1.amazonaws.com/topics/t', 'iotdata', 'us-east-1'],
    ['https://a1b2c3d4e5f6g7-ats.iot.eu-central-1.amazonaws.com/topics/t?qos=1', 'iotdata', 'eu-central-1'],
    ['https://data.jobs.iot.us-east-1.amazonaws.com/things/t/jobs', 'iot-jobs-data', 'us-east-1'],
    ['https://api.tunneling.iot.us-east-1.amazonaws.com/', 'IoTSecuredTunneling', 'us-east-1'],
    // SQS's legacy queue URLs, as older code and stored configuration still hold them.
    ['https://queue.amazonaws.com/123456789012/q', 'sqs', 'us-east-1'],
    ['https://us-east-2.queue.amazonaws.com/123456789012/q', 'sqs', 'us-east-2'],
    // A bucket named like a qualifier of another service changes nothing.
    ['https://portal.s3.eu-west-1.amazonaws.com/key', 's3', 'eu-west-1'],
    ['https://jobs.s3.amazonaws.com/key', 's3', 'us-east-1'],
  ])('%s → %s in %s', (url, service, region) => {
    expect(inferServiceRegion(new URL(url))).toEqual({ service, region })
  })

  it.each(['http://127.0.0.1:9000/bucket', 'https://example.com/', 'https://unknown.amazonaws.com/'])(
    'asks for service and region for %s',
    (url) => {
      expect(() => inferServiceRegion(new URL(url))).toThrow(InvalidSigningInputError)
    },
  )
})
