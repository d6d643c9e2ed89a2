import { InvalidSigningInputError } from '../errors.js'

export interface StsEndpointOptions {
  readonly region: string
  /** Use STS's FIPS endpoints (`sts-fips.…`), offered in the US and GovCloud regions. */
  readonly useFipsEndpoint?: boolean
  /** Use the dual-stack (IPv4 and IPv6) endpoint. */
  readonly useDualstackEndpoint?: boolean
}

/**
 * The regional STS endpoint, as the AWS SDKs resolve it. The global endpoint is never chosen:
 * regional endpoints are the default in every SDK released since 2022 and the only ones in opt-in
 * regions and other partitions.
 */
export function stsEndpoint({ region, useFipsEndpoint, useDualstackEndpoint }: StsEndpointOptions): URL {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new InvalidSigningInputError(`not an AWS region: ${JSON.stringify(region)}`)
  const china = region.startsWith('cn-')
  // GovCloud's regular STS endpoints are FIPS validated already; AWS names no sts-fips host there.
  const govCloud = region.startsWith('us-gov-')
  if (useFipsEndpoint && !govCloud && !/^us-(east|west)-[12]$/.test(region)) {
    throw new InvalidSigningInputError(`STS has no FIPS endpoint in ${region}`)
  }
  const domain = useDualstackEndpoint ? (china ? 'api.amazonwebservices.com.cn' : 'api.aws') : china ? 'amazonaws.com.cn' : 'amazonaws.com'
  return new URL(`https://sts${useFipsEndpoint && !govCloud ? '-fips' : ''}.${region}.${domain}/`)
}
