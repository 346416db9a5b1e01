import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kernel32 } from '../../../../src/platform/windows/win32/kernel32.js';
import { ASYNC_STACK_SIZE, koffi } from '../../../../src/platform/windows/win32/koffi.js';

test("koffi's Windows build runs async calls on the 1 MiB stack the service sets (the dispatcher's)", async () => {
  assert.equal(koffi().config().async_stack_size, ASYNC_STACK_SIZE);
  const pid = await new Promise<number>((resolve, reject) =>
    kernel32().GetCurrentProcessId.async((error: unknown, value: number) => (error ? reject(error) : resolve(value))),
  );
  assert.equal(pid, process.pid);
});
