// The one list of Chromium flags for every test and benchmark: loopback only (every other host
// fails to resolve) and none of Chromium's own background traffic, which this machine's closed
// network would refuse anyway.
export const chromiumExecutable = '/usr/bin/chromium'

export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
]
