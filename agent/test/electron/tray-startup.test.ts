import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { NOT_LAUNCHED_BY_SERVICE, prepareTrayStartup, type TrayStartupHost } from '../../src/electron/tray-startup.js';

/** A host that records the calls the startup makes, in order. */
function host(options: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; lockHeld?: boolean; session?: number | Error } = {}) {
  const calls: string[] = [];
  const fake: TrayStartupHost = {
    platform: options.platform ?? 'win32',
    env: options.env ?? {},
    home: 'C:\\Users\\alice',
    appData: '/home/alice/.config',
    hostname: 'dev-box',
    windowsSessionId: () => {
      calls.push('session');
      if (options.session instanceof Error) throw options.session;
      return options.session ?? 2;
    },
    setUserDataPath: (dir) => void calls.push(`userData ${dir}`),
    requestSingleInstanceLock: () => {
      calls.push('lock');
      return options.lockHeld !== true;
    },
    disableHardwareAcceleration: () => void calls.push('no GPU'),
    removeApplicationMenu: () => void calls.push('no menu'),
  };
  return { fake, calls };
}

const SERVICE_LAUNCH = { TANDEM_ENDPOINT: '\\\\.\\pipe\\Tandem\\agent-2-00ff', TANDEM_SESSION_ID: '2', LOCALAPPDATA: 'C:\\Users\\alice\\AppData\\Local', COMPUTERNAME: 'RDS-01' };
const FROM_START_MENU = { LOCALAPPDATA: 'C:\\Users\\alice\\AppData\\Local', COMPUTERNAME: 'RDS-01' };
const SESSION_FOLDER = path.join('C:\\Users\\alice\\AppData\\Local', 'Tandem', 'tray', 'RDS-01-2');

describe('tray startup', () => {
  it('launched by the service: session from Windows, its userData, the lock, then no GPU and no default menu', () => {
    const { fake, calls } = host({ env: SERVICE_LAUNCH });
    const startup = prepareTrayStartup(fake);
    assert.equal(startup.kind, 'start');
    assert.equal(startup.kind === 'start' && startup.launch.endpoint, SERVICE_LAUNCH.TANDEM_ENDPOINT);
    assert.deepEqual(calls, ['session', `userData ${SESSION_FOLDER}`, 'lock', 'no GPU', 'no menu']);
  });

  it('from the Start menu or a toast while a tray runs in the session: the same lock is found held and it exits quietly', () => {
    const { fake, calls } = host({ env: FROM_START_MENU, lockHeld: true });
    assert.deepEqual(prepareTrayStartup(fake), { kind: 'already-running' });
    // The folder the service-launched tray of session 2 locked, though nothing said "session 2".
    assert.deepEqual(calls, ['session', `userData ${SESSION_FOLDER}`, 'lock']);
  });

  it('from the Start menu with no tray running: says the service starts it, not which variable is missing', () => {
    const { fake, calls } = host({ env: FROM_START_MENU });
    assert.deepEqual(prepareTrayStartup(fake), { kind: 'refused', message: NOT_LAUNCHED_BY_SERVICE });
    assert.match(NOT_LAUNCHED_BY_SERVICE, /The Tandem service starts it when you sign in/);
    assert.doesNotMatch(NOT_LAUNCHED_BY_SERVICE, /TANDEM_ENDPOINT/);
    assert.deepEqual(calls, ['session', `userData ${SESSION_FOLDER}`, 'lock']);
  });

  it('keys the lock on the session Windows reports, whatever the environment claims', () => {
    const { fake, calls } = host({ env: { ...SERVICE_LAUNCH, TANDEM_SESSION_ID: '7' }, session: 2 });
    prepareTrayStartup(fake);
    assert.ok(calls.includes(`userData ${SESSION_FOLDER}`), calls.join('\n'));
  });

  it('a malformed launch environment is refused with its own message, once the lock is held', () => {
    const { fake } = host({ env: { ...SERVICE_LAUNCH, TANDEM_SESSION_ID: 'two' } });
    const startup = prepareTrayStartup(fake);
    assert.equal(startup.kind, 'refused');
    assert.match(startup.kind === 'refused' ? startup.message : '', /Expected TANDEM_SESSION_ID to be a session number/);
  });

  it('when Windows cannot tell the session, refuses before touching userData or the lock', () => {
    const { fake, calls } = host({ env: SERVICE_LAUNCH, session: new Error('ProcessIdToSessionId failed: 87 ERROR_INVALID_PARAMETER') });
    const startup = prepareTrayStartup(fake);
    assert.equal(startup.kind, 'refused');
    assert.match(startup.kind === 'refused' ? startup.message : '', /cannot tell which Windows session.*ProcessIdToSessionId failed: 87/);
    assert.deepEqual(calls, ['session']);
  });

  it("outside Windows (a developer's run): Electron's appData, the launcher's session, the host name", () => {
    const { fake, calls } = host({ platform: 'linux', env: { TANDEM_ENDPOINT: '/run/user/1000/tandem/agent-4.sock', TANDEM_SESSION_ID: '4' } });
    assert.equal(prepareTrayStartup(fake).kind, 'start');
    assert.deepEqual(calls, [`userData ${path.join('/home/alice/.config', 'Tandem', 'tray', 'dev-box-4')}`, 'lock', 'no GPU', 'no menu']);
  });
});
