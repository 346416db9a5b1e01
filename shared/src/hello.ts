/**
 * The client's hello without the rest of the protocol. A client that is slow to start (an agent
 * loading its UI) can greet the service the moment it runs, and load the message schemas while
 * the welcome is on its way; its connector then hands the RpcClient a GreetedStream. This module
 * must stay free of the schema library: that is the point of it.
 */
import type { Duplex } from 'node:stream';
import { encodeFrame } from './frame-codec.js';
import { DEFAULT_LIMITS, PROTOCOL_VERSION } from './limits.js';
import type { Hello, Role } from './messages.js';

/** A stream whose first frame, this client's hello, is already written. */
export interface GreetedStream {
  readonly stream: Duplex;
  readonly hello: Hello;
}

export function helloMessage(role: Role, client: string, product: string): Hello {
  return { type: 'hello', protocol: PROTOCOL_VERSION, role, product, client };
}

/** Writes the hello on `stream` (it may still be connecting; writes queue until it is). */
export function greet(stream: Duplex, hello: Hello): GreetedStream {
  stream.write(encodeFrame(hello, DEFAULT_LIMITS.maxFrameBytes));
  return { stream, hello };
}

export function isGreeted(opened: Duplex | GreetedStream): opened is GreetedStream {
  return 'hello' in opened && 'stream' in opened && typeof opened.hello === 'object';
}
