#!/usr/bin/env node
import { parseCliArguments, usage } from './cli-arguments.js'
import type { EmulatorConfig } from './emulator-config.js'
import { EmulatorError } from './errors.js'
import { loadConfigFile } from './load-config-file.js'
import { shellExports } from './shell-export.js'
import { startEmulator } from './start-emulator.js'

async function main(): Promise<number> {
  const started = performance.now()
  const cli = parseCliArguments(process.argv.slice(2))
  if (cli.help) {
    process.stdout.write(`${usage}\n`)
    return 0
  }
  const fileConfig: EmulatorConfig = cli.configFile === undefined ? {} : await loadConfigFile(cli.configFile)
  const emulator = await startEmulator({
    ...fileConfig,
    ...(cli.port === undefined ? {} : { port: cli.port }),
    ...(cli.host === undefined ? {} : { host: cli.host }),
  })
  // stdout carries only the environment, so `eval "$(…)"` and scripts can consume it.
  process.stdout.write(cli.json ? `${JSON.stringify(emulator.env)}\n` : `${shellExports(emulator.env)}\n`)
  process.stderr.write(
    `credkit-emulator listening on ${emulator.url} (started in ${Math.round(performance.now() - started)} ms)\n` +
      `  STS ${emulator.url}/   IMDS ${emulator.url}/latest/   container ${emulator.containerFullUri}\n` +
      `  OIDC issuer ${emulator.issuer.url}   admin ${emulator.url}/_emulator/\n`,
  )
  return new Promise<number>((resolve) => {
    const shutdown = (signal: NodeJS.Signals) => {
      process.stderr.write(`credkit-emulator: ${signal}, stopping\n`)
      emulator.stop().then(() => resolve(0), () => resolve(1))
    }
    process.once('SIGINT', shutdown)
    process.once('SIGTERM', shutdown)
  })
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // Configuration and listen errors are the user's to fix: one line, no stack trace.
    if (error instanceof EmulatorError) process.stderr.write(`credkit-emulator: ${error.message}\n`)
    else process.stderr.write(`credkit-emulator: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`)
    process.exitCode = error instanceof EmulatorError ? 2 : 1
  },
)
