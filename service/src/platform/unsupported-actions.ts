/**
 * The action runner of a platform that cannot run actions yet: every check and run is refused
 * with E_NOT_SUPPORTED, so an action is never reported as run when nothing ran.
 */
import { TandemError } from '@tandem/shared';
import type { ActionRunner } from './platform.js';

export const unsupportedActions: ActionRunner = {
  checkProgram: async () => {
    throw new TandemError('E_NOT_SUPPORTED', 'This platform cannot run tray actions yet');
  },
  run: async (spec) => ({
    outcome: 'failed-to-start',
    exitCode: null,
    output: '',
    outputBytes: 0,
    durationMs: 0,
    error: `This platform cannot run tray actions yet (${spec.program})`,
  }),
};
