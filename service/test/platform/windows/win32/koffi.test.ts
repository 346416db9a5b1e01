import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASYNC_STACK_SIZE, loadKoffiNative } from '../../../../src/platform/windows/win32/koffi.js';

const libc = process.platform === 'linux' ? 'libc.so.6' : process.platform === 'darwin' ? 'libc.dylib' : 'msvcrt.dll';

test("koffi's async calls get a 1 MiB stack, set before anything is loaded", async () => {
  const koffi = loadKoffiNative();
  assert.equal(ASYNC_STACK_SIZE, 1024 * 1024);
  assert.equal(koffi.config().async_stack_size, ASYNC_STACK_SIZE);
  // An async call runs with it (the dispatcher's kind of call).
  const abs = koffi.load(libc).func('int abs(int)');
  const result = await new Promise<number>((resolve, reject) => abs.async(-42, (error: unknown, value: number) => (error ? reject(error) : resolve(value))));
  assert.equal(result, 42);
  // Why the order matters: once a library is loaded, koffi refuses new settings...
  assert.throws(() => koffi.config({ async_stack_size: 2 * ASYNC_STACK_SIZE }), /Cannot change Koffi configuration once a library has been loaded/);
  // ...and loading the module again (it is cached) neither changes nor trips over them.
  assert.equal(loadKoffiNative().config().async_stack_size, ASYNC_STACK_SIZE);
});
