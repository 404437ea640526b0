#!/usr/bin/env node
/** `taskdeck` — the headless CLI: same engine, database and guarantees as the app. */
import { runCli } from './main.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
