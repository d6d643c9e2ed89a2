/** workerd sets this user agent; it is how jose recognises Workers too. */
export function isCloudflareWorkers(): boolean {
  return globalThis.navigator?.userAgent === 'Cloudflare-Workers'
}
