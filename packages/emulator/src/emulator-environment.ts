import type { ResolvedConfig } from './resolved-config.js'
import { containerFullPath } from './container/handle-container.js'

/**
 * The variables that point an AWS SDK (or credkit) at the emulator. The static keys are the
 * first configured user's, so the default chain resolves to them before IMDS or the container
 * endpoint; delete them to exercise those providers.
 */
export function emulatorEnvironment(url: string, config: ResolvedConfig): Record<string, string> {
  const environment: Record<string, string> = {
    AWS_ENDPOINT_URL_STS: url,
    AWS_REGION: config.region,
  }
  if (config.imds !== undefined) environment['AWS_EC2_METADATA_SERVICE_ENDPOINT'] = url
  if (config.container !== undefined) {
    environment['AWS_CONTAINER_CREDENTIALS_FULL_URI'] = `${url}${containerFullPath}`
    if (config.container.authorizationToken !== undefined) {
      environment['AWS_CONTAINER_AUTHORIZATION_TOKEN'] = config.container.authorizationToken
    }
  }
  const user = config.users[0]
  if (user !== undefined) {
    environment['AWS_ACCESS_KEY_ID'] = user.accessKeyId
    environment['AWS_SECRET_ACCESS_KEY'] = user.secretAccessKey
  }
  return environment
}
