import { describe, expect, it } from 'vitest'
import { InvalidSigningInputError } from '../errors.js'
import { stsEndpoint } from './sts-endpoint.js'

// Endpoint names only: nothing here is fetched.
describe('stsEndpoint', () => {
  it.each([
    [{ region: 'eu-west-1' }, 'https://sts.eu-west-1.amazonaws.com/'],
    [{ region: 'us-east-1', useFipsEndpoint: true }, 'https://sts-fips.us-east-1.amazonaws.com/'],
    [{ region: 'ap-south-1', useDualstackEndpoint: true }, 'https://sts.ap-south-1.api.aws/'],
    [{ region: 'us-west-2', useFipsEndpoint: true, useDualstackEndpoint: true }, 'https://sts-fips.us-west-2.api.aws/'],
    [{ region: 'cn-north-1' }, 'https://sts.cn-north-1.amazonaws.com.cn/'],
    [{ region: 'us-gov-west-1', useFipsEndpoint: true }, 'https://sts.us-gov-west-1.amazonaws.com/'],
    // The SDKs' endpoint rules (aws-sdk-js-v3 clients/client-sts/src/endpoint/ruleset.ts) and partitions.
    [{ region: 'us-gov-west-1', useFipsEndpoint: true, useDualstackEndpoint: true }, 'https://sts-fips.us-gov-west-1.api.aws/'],
    [{ region: 'cn-northwest-1', useDualstackEndpoint: true }, 'https://sts.cn-northwest-1.api.amazonwebservices.com.cn/'],
    [{ region: 'eusc-de-east-1' }, 'https://sts.eusc-de-east-1.amazonaws.eu/'],
    [{ region: 'eusc-de-east-1', useDualstackEndpoint: true }, 'https://sts.eusc-de-east-1.api.amazonwebservices.eu/'],
  ])('%j → %s', (options, expected) => {
    expect(stsEndpoint(options).href).toBe(expected)
  })

  it.each([{ region: 'eu-west-1', useFipsEndpoint: true }, { region: 'not a region' }, { region: 'evil.com/x' }])(
    'refuses %j',
    (options) => {
      expect(() => stsEndpoint(options)).toThrow(InvalidSigningInputError)
    },
  )
})

describe('stsEndpoint in the isolated partitions', () => {
  // Their hosts are under other domains (c2s.ic.gov, sc2s.sgov.gov, cloud.adc-e.uk, csp.hci.ic.gov):
  // an amazonaws.com name would fail only at DNS, and be retried as a network error.
  it.each(['us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1'])('%s: refused, naming the endpoint option', (region) => {
    expect(() => stsEndpoint({ region })).toThrow(new InvalidSigningInputError(`no STS endpoint is known in "${region}": pass endpoint`))
  })
})
