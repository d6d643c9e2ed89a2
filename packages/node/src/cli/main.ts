#!/usr/bin/env node
// The `credkit` command (package.json "bin"); everything testable lives in run-cli.ts.
import { runCli } from './run-cli.js'

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  streams: { input: process.stdin, output: process.stderr },
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
})
