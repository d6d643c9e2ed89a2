// @credkit/node: the AWS credential chain for Node and the credkit CLI arrive with issue 5.
export {}
