import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { runServiceCommand } from '../../src/cli/service-command.js';

function io(): { stdout: PassThrough; stderr: PassThrough; text: () => { out: string; err: string } } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return { stdout, stderr, text: () => ({ out: String(stdout.read() ?? ''), err: String(stderr.read() ?? '') }) };
}

test('service commands outside Windows say to use console mode (exit 3)', async () => {
  const streams = io();
  assert.equal(await runServiceCommand(['install'], streams, { platform: 'linux' }), 3);
  assert.match(streams.text().err, /only on Windows.*tandem-service console/);
});

test('help teaches every verb; no verb is a usage error', async () => {
  const help = io();
  assert.equal(await runServiceCommand(['--help'], help), 0);
  const { out } = help.text();
  for (const verb of ['install', 'uninstall', 'start', 'stop', 'status', '--delayed-start']) assert.ok(out.includes(verb), verb);
  assert.equal(await runServiceCommand([], io()), 2);
});

test('an unknown verb or option is a usage error naming it', async () => {
  const verb = io();
  assert.equal(await runServiceCommand(['restart'], verb, { platform: 'win32' }), 2);
  assert.match(verb.text().err, /unknown verb `restart`/);
  const option = io();
  assert.equal(await runServiceCommand(['install', '--bogus'], option), 2);
  assert.match(option.text().err, /--bogus/);
});
