import http from 'node:http'
import { expect, it } from 'vitest'

// The guard must refuse before any packet leaves: these addresses are what a forgotten endpoint
// option would reach.
it('refuses fetch and http.request to IMDS, the ECS endpoint and AWS hosts', async () => {
  for (const url of ['http://169.254.169.254/latest/api/token', 'http://169.254.170.2/v2/credentials/x', 'http://[fd00:ec2::254]/', 'https://sts.amazonaws.com/']) {
    expect(() => fetch(url)).toThrow(/loopback guard/)
    expect(() => http.request(url)).toThrow(/loopback guard/)
  }
})

it('lets loopback through', async () => {
  const server = http.createServer((_request, response) => response.end('ok'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  try {
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok')
  } finally {
    server.close()
  }
})
