// @credkit/edge: the Workers KV credential store and waitUntil refresh arrive with their issue.
export {}
