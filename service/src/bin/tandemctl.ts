#!/usr/bin/env node
/** The tandemctl executable: runs the CLI and turns its outcome into an exit code. */
import { reportFailure, runTandemctl } from '../cli/tandemctl.js';

runTandemctl(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportFailure(error, process.stderr);
  },
);
