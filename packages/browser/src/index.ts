// @credkit/browser: web identity, Cognito and one refresh shared across tabs arrive with their issue.
export {}
