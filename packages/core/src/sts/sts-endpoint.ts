import { InvalidSigningInputError } from '../errors.js'

export interface StsEndpointOptions {
  readonly region: string
  /** Use STS's FIPS endpoints (`sts-fips.…`), offered in the US and GovCloud regions. */
  readonly useFipsEndpoint?: boolean
  /** Use the dual-stack (IPv4 and IPv6) endpoint. */
  readonly useDualstackEndpoint?: boolean
}

// GovCloud's regular STS endpoints are FIPS validated already; AWS names no sts-fips host there.
const fipsRegions = new Set(['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'])

/**
 * The regional STS endpoint, as the AWS SDKs resolve it. The global endpoint is never chosen:
 * regional endpoints are the default in every SDK released since 2022 and the only ones in opt-in
 * regions and other partitions.
 */
export function stsEndpoint(options: StsEndpointOptions): URL {
  const { region } = options
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new InvalidSigningInputError(`not an AWS region name: ${JSON.stringify(region)}`)
  }
  const china = region.startsWith('cn-')
  const govCloud = region.startsWith('us-gov-')
  if (options.useFipsEndpoint && !fipsRegions.has(region) && !govCloud) {
    throw new InvalidSigningInputError(`STS has no FIPS endpoint in ${region}`)
  }
  const prefix = options.useFipsEndpoint && !govCloud ? 'sts-fips' : 'sts'
  const suffix = options.useDualstackEndpoint
    ? china
      ? 'api.amazonwebservices.com.cn'
      : 'api.aws'
    : china
      ? 'amazonaws.com.cn'
      : 'amazonaws.com'
  return new URL(`https://${prefix}.${region}.${suffix}/`)
}
