/**
 * Codes with which AWS services (STS among them) say the credentials are expired or unknown:
 * refreshing them once may help.
 */
// Pure: a bundle of the unsigned STS actions, which import its module but never read it, drops it.
export const rejectedCredentialCodes = /* @__PURE__ */ new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
  'InvalidClientTokenId',
  'InvalidToken',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
])
