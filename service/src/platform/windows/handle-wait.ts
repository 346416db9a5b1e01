/**
 * Waiting for a kernel object (an event, a process) without holding a libuv worker thread
 * (docs/windows-facts.md, Wine gotcha 5): RegisterWaitForSingleObject waits in the Windows thread pool and
 * calls back through one koffi callback, which koffi runs on the JS thread. Each wait gets an
 * id passed as the callback's context; a late callback for a cancelled wait finds no id and does
 * nothing. While any wait is pending, a referenced MessagePort keeps the event loop alive
 * without a timer (the service does no periodic work when idle).
 */
import { MessageChannel } from 'node:worker_threads';
import { check, checkOut } from './win32/call.js';
import { INFINITE, WT_EXECUTEONLYONCE } from './win32/constants.js';
import { kernel32 } from './win32/kernel32.js';
import { koffi, win32Types, type MaybePointer, type Out, type Pointer } from './win32/koffi.js';

export interface HandleWait {
  /** Resolves once when the object is signalled; never if the wait is cancelled first. */
  readonly signalled: Promise<void>;
  /** Stops waiting. Safe after the object was signalled. */
  cancel(): void;
}

interface PendingWait {
  readonly waitHandle: Pointer;
  readonly resolve: () => void;
}

const pending = new Map<bigint, PendingWait>();
let nextId = 1n;
let callback: Pointer | undefined;
let keepAlive: MessageChannel | undefined;

function onSignal(context: MaybePointer): void {
  const id = context ?? 0n;
  const wait = pending.get(id);
  if (wait === undefined) return;
  pending.delete(id);
  updateKeepAlive();
  // Returning at once frees the pool thread (blocked until this JS callback returns); the
  // wait's resources are released after, outside the callback.
  setImmediate(() => {
    kernel32().UnregisterWaitEx(wait.waitHandle, null);
    wait.resolve();
  });
}

function sharedCallback(): Pointer {
  // Registered once for the life of the process: a pool thread may call it at any moment.
  callback ??= koffi().register(onSignal, koffi().pointer(win32Types().WaitOrTimerCallback));
  return callback;
}

function updateKeepAlive(): void {
  if (pending.size > 0) {
    if (keepAlive === undefined) {
      keepAlive = new MessageChannel();
      keepAlive.port1.on('message', () => undefined);
    }
    keepAlive.port1.ref();
  } else {
    keepAlive?.port1.unref();
  }
}

/** Waits once for `handle` to be signalled. The handle must stay open until then or `cancel()`. */
export function waitForHandle(handle: Pointer, what: string): HandleWait {
  const id = nextId++;
  let resolve: () => void = () => undefined;
  const signalled = new Promise<void>((r) => {
    resolve = r;
  });
  const out: Out<MaybePointer> = [null];
  check('RegisterWaitForSingleObject', kernel32().RegisterWaitForSingleObject(out, handle, sharedCallback(), id, INFINITE, WT_EXECUTEONLYONCE), what);
  const waitHandle = checkOut('RegisterWaitForSingleObject', out[0]);
  pending.set(id, { waitHandle, resolve });
  updateKeepAlive();
  return {
    signalled,
    cancel: () => {
      if (!pending.delete(id)) return;
      updateKeepAlive();
      // Non-blocking: a blocking unregister could wait for a callback that waits for this thread.
      kernel32().UnregisterWaitEx(waitHandle, null);
    },
  };
}

/** How many waits are pending (for tests and diagnostics). */
export function pendingWaits(): number {
  return pending.size;
}
