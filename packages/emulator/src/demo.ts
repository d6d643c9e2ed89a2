/**
 * `npm run demo`: the emulator and a signature-checking S3 server on loopback, then every flow
 * the packages offer, with timings. Nothing leaves 127.0.0.1 and nothing is left running.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { fromHttp, fromInstanceMetadata, fromWebToken } from '@aws-sdk/credential-providers'
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createDemoReport } from './demo-report.js'
import { startEmulator, type Emulator } from './start-emulator.js'

interface S3rverInstance {
  run(): Promise<AddressInfo>
  close(): Promise<void>
  httpServer?: { closeAllConnections(): void }
}
interface CoreSigning {
  sign(request: Request, options: Record<string, unknown>): Promise<Request>
  presign(request: Request, options: Record<string, unknown>): Promise<URL>
  fromTemporaryCredentials(options: Record<string, unknown>): Provider
  fromWebIdentity(options: Record<string, unknown>): Provider
  cached(provider: Provider, options?: Record<string, unknown>): Provider
  createSignedFetch(options: Record<string, unknown>): (input: string, init?: RequestInit) => Promise<Response>
}
type TemporaryCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date }
type Provider = () => Promise<TemporaryCredentials>
/** What the demo uses of @credkit/node; typed here so the emulator does not depend on its types. */
type NodeCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }
type NodeProvider = () => Promise<NodeCredentials>
interface CredkitNode {
  fromNodeProviderChain(options: Record<string, unknown>): NodeProvider
  fromIni(options: Record<string, unknown>): NodeProvider
  fromInstanceMetadata(options: Record<string, unknown>): NodeProvider
  fromContainerMetadata(options: Record<string, unknown>): NodeProvider
}
interface CoreSts {
  createStsClient(options: Record<string, unknown>): { getCallerIdentity(): Promise<{ arn: string }> }
}

const bucket = 'demo-bucket'
const region = 'us-east-1'
const require = createRequire(import.meta.url)
const short = (text: string, length = 60) => (text.length > length ? `${text.slice(0, length - 1)}…` : text)
const expiresIn = (date: Date | undefined) => (date === undefined ? 'no expiry' : `expires in ${Math.round((date.getTime() - Date.now()) / 60000)} min`)

async function main(): Promise<number> {
  const started = performance.now()
  const report = createDemoReport()
  // The SDK warns about Node 20 on every client; the demo's report is what readers should see.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'
  // A hung step must not hang `npm run demo`; unref so a clean run exits on its own.
  setTimeout(() => {
    process.stderr.write('demo: still running after 50 s, giving up\n')
    process.exit(1)
  }, 50_000).unref()
  process.stdout.write('credkit demo: local STS/IMDS/container/OIDC emulator and an S3 that checks SigV4, all on 127.0.0.1\n')

  let emulator: Emulator | undefined
  let s3: S3rverInstance | undefined
  const directory = await mkdtemp(join(tmpdir(), 'credkit-demo-'))
  const clients: STSClient[] = []
  try {
    report.section('Servers')
    emulator = await report.step('emulator: STS, IMDS, ECS/EKS container endpoint, OIDC issuer', () => startEmulator({ region }), (value) => value.url)
    if (emulator === undefined) return 1
    const running = emulator
    const s3Address = await report.step(
      `S3 (@20minutes/s3rver, verifies signatures), bucket ${bucket}`,
      async () => {
        const S3rver = require('@20minutes/s3rver') as new (options: Record<string, unknown>) => S3rverInstance
        s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] })
        return s3.run()
      },
      (address) => `http://127.0.0.1:${address.port}`,
    )

    report.section('AWS SDK v3 against the emulator')
    const user = running.users[0]!
    const roleArn = running.roles[0]!.arn
    const sts = new STSClient({ endpoint: running.url, region, credentials: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey }, maxAttempts: 1 })
    clients.push(sts)
    await report.step('STS GetCallerIdentity (IAM user keys)', () => sts.send(new GetCallerIdentityCommand({})), (identity) => identity.Arn ?? '?')
    const assumed = await report.step(
      'STS AssumeRole',
      () => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'credkit-demo' })),
      (result) => `${result.AssumedRoleUser?.Arn}, ${expiresIn(result.Credentials?.Expiration)}`,
    )
    const roleCredentials: TemporaryCredentials | undefined =
      assumed?.Credentials === undefined
        ? undefined
        : {
            accessKeyId: assumed.Credentials.AccessKeyId!,
            secretAccessKey: assumed.Credentials.SecretAccessKey!,
            sessionToken: assumed.Credentials.SessionToken!,
            expiration: assumed.Credentials.Expiration!,
          }
    if (roleCredentials !== undefined) {
      const asRole = new STSClient({ endpoint: running.url, region, credentials: roleCredentials, maxAttempts: 1 })
      clients.push(asRole)
      await report.step('STS GetCallerIdentity with the role credentials', () => asRole.send(new GetCallerIdentityCommand({})), (identity) => identity.Arn ?? '?')
    }
    await report.step(
      'fromWebToken: ID token minted by the emulator\'s OIDC issuer → AssumeRoleWithWebIdentity',
      async () =>
        fromWebToken({
          roleArn,
          webIdentityToken: await running.issuer.mintIdToken({ sub: 'demo-user' }),
          roleSessionName: 'demo-web',
          clientConfig: { endpoint: running.url, region },
        })(),
      (credentials) => `${short(credentials.accessKeyId, 24)}, ${expiresIn(credentials.expiration)}`,
    )
    await report.step(
      'fromInstanceMetadata: IMDSv2 token, then the instance role',
      async () => {
        // The SDK's IMDS provider reads its endpoint only from the environment or a profile.
        const previous = process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT']
        process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'] = running.imdsEndpoint
        try {
          return await fromInstanceMetadata({ timeout: 2000 })()
        } finally {
          if (previous === undefined) delete process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT']
          else process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'] = previous
        }
      },
      (credentials) => `${short(credentials.accessKeyId, 24)}, ${expiresIn(credentials.expiration)}`,
    )
    await report.step(
      'fromHttp: ECS/EKS container credentials (full URI)',
      () => fromHttp({ awsContainerCredentialsFullUri: running.containerFullUri })(),
      (credentials) => `${short(credentials.accessKeyId, 24)}, ${expiresIn(credentials.expiration)}`,
    )
    running.faults.set('sts', { throttle: true, times: 1 })
    await report.step(
      'fault injection: STS throttles once, the SDK retries',
      async () => {
        const retrying = new STSClient({ endpoint: running.url, region, credentials: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey }, maxAttempts: 3 })
        clients.push(retrying)
        const before = running.calls.count('sts')
        await retrying.send(new GetCallerIdentityCommand({}))
        return running.calls.count('sts') - before
      },
      (calls) => `${calls} STS calls for one GetCallerIdentity`,
    )

    report.section('credkit (@credkit/core), signing with the AssumeRole credentials')
    let core: CoreSigning | undefined
    try {
      core = (await import('@credkit/core')) as unknown as CoreSigning
    } catch (error) {
      report.note(`@credkit/core is not built (${short((error as Error).message, 80)}); run \`npm run build\` to see the S3 steps.`)
    }
    if (core !== undefined && roleCredentials !== undefined) {
      const signing = core
      await report.step('sign + fetch: STS GetCallerIdentity (the emulator checks it with @smithy/signature-v4)', async () => {
        const request = new Request(`${running.url}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: 'Action=GetCallerIdentity&Version=2011-06-15',
        })
        const response = await fetch(await signing.sign(request, { credentials: roleCredentials, region, service: 'sts' }))
        const text = await response.text()
        if (!response.ok) throw new Error(`STS answered ${response.status}: ${short(text, 200)}`)
        return /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1] ?? '?'
      }, (arn) => arn)
    }
    if (core !== undefined && s3Address !== undefined && roleCredentials !== undefined) {
      const signing = core
      // s3rver knows one built-in key pair; teach it the STS-issued keys, as real S3 trusts STS.
      const account = require('@20minutes/s3rver/lib/models/account.js') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } }
      account.DUMMY_ACCOUNT.createKeyPair(roleCredentials.accessKeyId, roleCredentials.secretAccessKey)
      const objectUrl = `http://127.0.0.1:${s3Address.port}/${bucket}/hello.txt`
      const body = `hello from credkit at ${new Date().toISOString()}`
      const options = { credentials: roleCredentials, region, service: 's3' }
      await report.step('sign + fetch: PUT object', async () => {
        const response = await fetch(await signing.sign(new Request(objectUrl, { method: 'PUT', body, headers: { 'content-type': 'text/plain' } }), options))
        if (!response.ok) throw new Error(`S3 answered ${response.status}: ${short(await response.text(), 200)}`)
        return response.status
      }, (status) => `${status}`)
      await report.step('sign + fetch: GET object', async () => {
        const response = await fetch(await signing.sign(new Request(objectUrl), options))
        const text = await response.text()
        if (!response.ok) throw new Error(`S3 answered ${response.status}: ${short(text, 200)}`)
        if (text !== body) throw new Error(`got a different body: ${short(text)}`)
        return text
      }, (text) => `${response200(text)}`)
      const presigned = await report.step('presign: GET URL valid for 5 minutes', () => signing.presign(new Request(objectUrl), { ...options, expiresIn: 300 }), (url) => short(url.href, 70))
      if (presigned !== undefined) {
        await report.step('fetch the presigned URL with no credentials', async () => {
          const response = await fetch(presigned)
          const text = await response.text()
          if (!response.ok || text !== body) throw new Error(`S3 answered ${response.status}: ${short(text, 200)}`)
          return response.status
        }, (status) => `${status}, same body`)
        await report.step('a tampered presigned URL is refused', async () => {
          const tampered = new URL(presigned)
          tampered.pathname = `/${bucket}/other.txt`
          const response = await fetch(tampered)
          await response.arrayBuffer()
          if (response.status !== 403) throw new Error(`expected 403, got ${response.status}`)
          return response.status
        }, (status) => `${status} SignatureDoesNotMatch`)
      }
    }

    if (core !== undefined) await credkitProviders(core, running, report)
    await credkitNode(running, report, core as unknown as CoreSts | undefined)

    report.section('Summary')
    report.note(`STS calls ${running.calls.count('sts')}, IMDS calls ${running.calls.count('imds')}, container calls ${running.calls.count('container')}`)
    report.note(`${report.failures === 0 ? 'all steps passed' : `${report.failures} step(s) failed`} in ${Math.round(performance.now() - started)} ms`)
    return report.failures === 0 ? 0 : 1
  } finally {
    for (const client of clients) client.destroy()
    if (s3 !== undefined) {
      s3.httpServer?.closeAllConnections()
      await s3.close().catch(() => undefined)
    }
    await emulator?.stop()
    await rm(directory, { recursive: true, force: true })
  }
}

function response200(text: string): string {
  return `200 "${short(text, 40)}"`
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${(error as Error)?.stack ?? String(error)}\n`)
    process.exitCode = 1
  },
)

/** Issue 4's flows: STS providers from @credkit/core and the refresh engine, against the emulator. */
async function credkitProviders(core: CoreSigning, running: Emulator, report: ReturnType<typeof createDemoReport>): Promise<void> {
  report.section('credkit providers and the refresh engine')
  const clientConfig = { endpoint: running.url, region }
  const user = running.users[0]!
  const [serialNumber, code] = [...user.mfaDevices][0]!
  const masterCredentials = { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey }
  const roleArn = running.roles[0]!.arn
  const signedFetch = (credentials: Provider) => core.createSignedFetch({ credentials, region, service: 'sts' })
  const whoAmI = async (credentials: Provider) => {
    const response = await signedFetch(credentials)(`${running.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`STS answered ${response.status}: ${short(text, 200)}`)
    return /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1] ?? '?'
  }

  const withMfa = core.fromTemporaryCredentials({
    params: { roleArn, roleSessionName: 'with-mfa', serialNumber },
    masterCredentials,
    clientConfig,
    mfaCodeProvider: async () => code,
  })
  await report.step('fromTemporaryCredentials: AssumeRole with an MFA code, then GetCallerIdentity through createSignedFetch', () => whoAmI(withMfa), (arn) => arn)
  const chained = core.fromTemporaryCredentials({ params: { roleArn, roleSessionName: 'second-link' }, masterCredentials: withMfa, clientConfig })
  await report.step(
    'a role chain: the MFA session assumes the role again (AWS caps chained sessions at an hour)',
    async () => {
      const credentials = await chained()
      return `${await whoAmI(async () => credentials)}, expires in ${Math.round((credentials.expiration.getTime() - Date.now()) / 60_000)} min`
    },
    (text) => text,
  )
  const webIdentity = core.fromWebIdentity({
    roleArn,
    roleSessionName: 'oidc-user',
    webIdentityToken: () => running.issuer.mintIdToken({ sub: 'user-1', aud: 'sts.amazonaws.com' }),
    clientConfig,
  })
  await report.step('fromWebIdentity: an ID token minted by the emulator issuer, no AWS secret involved', () => whoAmI(webIdentity), (arn) => arn)

  running.faults.set('sts', { credentialsExpireIn: 2, only: ['AssumeRole'] })
  try {
    await report.step(
      'createSignedFetch + cached: 2-second credentials, signed calls for 3 s across their expiries',
      async () => {
        const before = running.calls.count('sts', 'AssumeRole')
        const provider = core.cached(core.fromTemporaryCredentials({ params: { roleArn, roleSessionName: 'short' }, masterCredentials, clientConfig }))
        let calls = 0
        for (const deadline = Date.now() + 3_000; Date.now() < deadline; calls++) {
          await whoAmI(provider)
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        return `${calls} calls, all answered 200, ${running.calls.count('sts', 'AssumeRole') - before} AssumeRole refreshes`
      },
      (text) => text,
    )
  } finally {
    running.faults.clear('sts')
  }
}

/** A one-line view of a credential: the key id, whether a session token came with it, the expiry. */
const describeCredentials = (credentials: NodeCredentials) =>
  `${credentials.accessKeyId}${credentials.sessionToken === undefined ? ', no session token' : ', session token'}, ${expiresIn(credentials.expiration)}`

/** Runs the built `credkit` CLI; never through a shell, killed if it hangs. */
function runCredkitCli(cli: string, args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** Fails the step with the CLI's one-line error (it never holds a secret) unless it exited 0. */
function succeeded(result: { code: number | null; stdout: string; stderr: string }): string {
  if (result.code !== 0) throw new Error(`credkit exited ${result.code}: ${short(result.stderr.trim(), 200)}`)
  return result.stdout
}

/**
 * Issue 5's flows: @credkit/node's providers and the `credkit` CLI against the emulator. Every
 * environment is an explicit object (process.env is neither read for credentials nor changed), and
 * every one points IMDS at the emulator or disables it, so nothing reaches 169.254.169.254.
 */
async function credkitNode(running: Emulator, report: ReturnType<typeof createDemoReport>, core: CoreSts | undefined): Promise<void> {
  report.section('@credkit/node: the provider chain, profiles, IMDS, the container endpoint and the credkit CLI')
  let node: CredkitNode
  let cli: string
  try {
    // A specifier in a variable: the emulator builds before @credkit/node (which tests against it),
    // so neither tsc nor a bundler may resolve it at build time.
    const specifier = '@credkit/node'
    node = (await import(specifier)) as CredkitNode
    cli = join(dirname(require.resolve(specifier)), 'cli', 'main.js')
  } catch (error) {
    report.note(`@credkit/node is not built (${short((error as Error).message, 80)}); run \`npm run build\` to see these steps.`)
    return
  }
  const user = running.users[0]!
  const [serialNumber, code] = [...user.mfaDevices][0]!
  const roleArn = running.roles[0]!.arn
  const userKeys = { AWS_ACCESS_KEY_ID: running.env['AWS_ACCESS_KEY_ID'] ?? user.accessKeyId, AWS_SECRET_ACCESS_KEY: running.env['AWS_SECRET_ACCESS_KEY'] ?? user.secretAccessKey }
  const home = await mkdtemp(join(tmpdir(), 'credkit-demo-home-'))
  try {
    // An empty home with empty shared files, so nothing of the machine's ~/.aws is read.
    const emptyConfig = join(home, 'empty-config')
    const emptyCredentials = join(home, 'empty-credentials')
    await writeFile(emptyConfig, '')
    await writeFile(emptyCredentials, '')
    const isolated = { HOME: home, USERPROFILE: home, AWS_CONFIG_FILE: emptyConfig, AWS_SHARED_CREDENTIALS_FILE: emptyCredentials }

    await report.step(
      'fromNodeProviderChain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in env (IMDS disabled)',
      () => node.fromNodeProviderChain({ env: { ...isolated, ...userKeys, AWS_EC2_METADATA_DISABLED: 'true' } })(),
      describeCredentials,
    )
    await report.step(
      'fromNodeProviderChain: no keys, no profile → the container endpoint link',
      () =>
        node.fromNodeProviderChain({
          env: {
            ...isolated,
            AWS_CONTAINER_CREDENTIALS_FULL_URI: running.containerFullUri,
            ...(running.env['AWS_CONTAINER_AUTHORIZATION_TOKEN'] === undefined ? {} : { AWS_CONTAINER_AUTHORIZATION_TOKEN: running.env['AWS_CONTAINER_AUTHORIZATION_TOKEN'] }),
            AWS_EC2_METADATA_SERVICE_ENDPOINT: running.imdsEndpoint,
          },
        })(),
      describeCredentials,
    )

    // A profile chain: base (the user's keys) → admin (the role, with MFA) → chained (the role again,
    // assumed with admin's session). STS is the emulator through the profiles' endpoint_url.
    const configFile = join(home, 'config')
    const credentialsFile = join(home, 'credentials')
    await writeFile(credentialsFile, `[base]\naws_access_key_id = ${userKeys.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${userKeys.AWS_SECRET_ACCESS_KEY}\n`, { mode: 0o600 })
    await writeFile(
      configFile,
      [
        '[profile base]',
        `region = ${region}`,
        '',
        '[profile admin]',
        `role_arn = ${roleArn}`,
        'source_profile = base',
        `mfa_serial = ${serialNumber}`,
        'role_session_name = demo-admin',
        `endpoint_url = ${running.url}`,
        `region = ${region}`,
        '',
        '[profile chained]',
        `role_arn = ${roleArn}`,
        'source_profile = admin',
        'role_session_name = demo-chained',
        `endpoint_url = ${running.url}`,
        `region = ${region}`,
        '',
      ].join('\n'),
    )
    const profileEnv = { HOME: home, USERPROFILE: home, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_EC2_METADATA_DISABLED: 'true' }
    let mfaPrompts = 0
    const chained = await report.step(
      'fromIni: profile chained → admin (role_arn + mfa_serial) → base (keys); endpoint_url = the emulator',
      () =>
        node.fromIni({
          env: profileEnv,
          profile: 'chained',
          mfaCodeProvider: async (serial: string) => {
            if (serial !== serialNumber) throw new Error(`asked for an unknown MFA device ${serial}`)
            mfaPrompts += 1
            return code
          },
        })(),
      (credentials) => `${describeCredentials(credentials)}, MFA code asked ${mfaPrompts}×`,
    )
    if (chained !== undefined && core !== undefined) {
      await report.step(
        'GetCallerIdentity with the chained credentials (core\'s createStsClient)',
        async () => (await core.createStsClient({ endpoint: running.url, region, credentials: chained }).getCallerIdentity()).arn,
        (arn) => arn,
      )
    }

    await report.step(
      'fromInstanceMetadata: AWS_EC2_METADATA_SERVICE_ENDPOINT = the emulator (IMDSv2)',
      () => node.fromInstanceMetadata({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: running.imdsEndpoint } })(),
      describeCredentials,
    )
    await report.step(
      `fromContainerMetadata: AWS_CONTAINER_CREDENTIALS_FULL_URI${running.env['AWS_CONTAINER_AUTHORIZATION_TOKEN'] === undefined ? '' : ' + AWS_CONTAINER_AUTHORIZATION_TOKEN'}`,
      () =>
        node.fromContainerMetadata({
          env: {
            AWS_CONTAINER_CREDENTIALS_FULL_URI: running.containerFullUri,
            ...(running.env['AWS_CONTAINER_AUTHORIZATION_TOKEN'] === undefined ? {} : { AWS_CONTAINER_AUTHORIZATION_TOKEN: running.env['AWS_CONTAINER_AUTHORIZATION_TOKEN'] }),
          },
        })(),
      describeCredentials,
    )

    // The CLI: the user's keys in its environment, STS at the emulator, IMDS off, empty shared files.
    const cliEnv: Record<string, string> = {
      ...isolated,
      ...userKeys,
      AWS_ENDPOINT_URL_STS: running.url,
      AWS_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...(process.env['PATH'] === undefined ? {} : { PATH: process.env['PATH'] }),
    }
    const role = ['--role-arn', roleArn, '--role-session-name', 'demo-cli']
    await report.step(
      'credkit env --format sh --role-arn … (keys from env, AssumeRole at the emulator)',
      async () => succeeded(await runCredkitCli(cli, ['env', '--format', 'sh', ...role], cliEnv)),
      (stdout) => {
        const exported: string[] = []
        const unset: string[] = []
        let keyId = '?'
        for (const line of stdout.split('\n')) {
          const exportLine = /^export ([A-Z_]+)=/.exec(line)
          if (exportLine !== null) {
            exported.push(exportLine[1]!)
            if (exportLine[1] === 'AWS_ACCESS_KEY_ID') keyId = /^export AWS_ACCESS_KEY_ID='([A-Z0-9]+)'/.exec(line)?.[1] ?? '?'
          }
          const unsetLine = /^unset ([A-Z_]+)/.exec(line)
          if (unsetLine !== null) unset.push(unsetLine[1]!)
        }
        return `export ${exported.join(', ')} (key id ${keyId}, values not shown)${unset.length === 0 ? '' : `; unset ${unset.join(', ')}`}`
      },
    )
    await report.step(
      'credkit exec --role-arn … -- node -e "console.log(process.env.AWS_ACCESS_KEY_ID)"',
      async () => succeeded(await runCredkitCli(cli, ['exec', ...role, '--', process.execPath, '-e', 'console.log(process.env.AWS_ACCESS_KEY_ID)'], cliEnv)),
      (stdout) => `the child printed ${stdout.trim()}, exit 0`,
    )
    await report.step(
      'credkit credential-process --role-arn … --mfa-serial … --mfa-code …',
      async () => JSON.parse(succeeded(await runCredkitCli(cli, ['credential-process', ...role, '--mfa-serial', serialNumber, '--mfa-code', code], cliEnv))) as Record<string, unknown>,
      (document) => `{${Object.keys(document).join(', ')}}: Version ${document['Version']}, AccessKeyId ${document['AccessKeyId']}, Expiration ${document['Expiration']}`,
    )
  } finally {
    await rm(home, { recursive: true, force: true })
  }
}
