#!/usr/bin/env node
/** tandem-setup.mjs's entry: the MSI's custom actions (tandem-setup.ts). */
import { main } from './tandem-setup.js';

process.exitCode = await main(process.argv.slice(2));
