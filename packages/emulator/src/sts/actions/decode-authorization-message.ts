import type { StsAction } from '../sts-context.js'
import { StsFault } from '../sts-fault.js'

export const decodeAuthorizationMessage: StsAction = (context) => {
  const encoded = context.parameters.string('EncodedMessage', { required: true, min: 1, max: 10240 })!
  const decoded = context.authorizationMessages.decode(encoded)
  if (decoded === undefined) {
    throw new StsFault('InvalidAuthorizationMessageException', 'The specified authorization message is invalid or has been tampered with.')
  }
  return [['DecodedMessage', decoded]]
}
