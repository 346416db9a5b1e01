/** Where the IPC benchmark's two servers listen, side by side in one private directory. */
import path from 'node:path';
import { socketAddress } from '@tandem/shared';

export function benchAddresses(dir: string): { readonly tandem: string; readonly baseline: string } {
  return { tandem: socketAddress(dir, 'tandem'), baseline: path.join(dir, 'baseline.sock') };
}
