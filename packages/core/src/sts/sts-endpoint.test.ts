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
