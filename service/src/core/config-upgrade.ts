/**
 * Reads configuration files written by earlier versions of Tandem, so that upgrading never throws
 * away an administrator's settings. Each step changes only what the newer schema cannot take and
 * says what it changed; the result is then validated as any configuration is.
 *
 * - 0.1.0 stored tray actions as menu entries the service only acknowledged (`{ id, label }`).
 *   An action now runs a program, which such an entry does not name and which no upgrade can
 *   guess: the entry is dropped, named in the problems, and the rest of the file is kept (left as
 *   it was, it would make the whole file invalid and the service start from an older copy).
 */

export interface UpgradedConfig {
  readonly value: unknown;
  /** What was changed, for the configuration's problems (status, log). Empty when nothing was. */
  readonly notes: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as parsed from a configuration file, upgraded to what the current schema reads. */
export function upgradeStoredConfig(value: unknown): UpgradedConfig {
  if (!isRecord(value) || !isRecord(value.tray) || !Array.isArray(value.tray.actions)) return { value, notes: [] };
  const notes: string[] = [];
  const actions = value.tray.actions.filter((action: unknown) => {
    if (!isRecord(action) || 'program' in action) return true;
    const id = typeof action.id === 'string' ? `\`${action.id}\`` : 'without an id';
    notes.push(`tray action ${id} was dropped: it was saved by an earlier version, when actions named no program; define it again with tandemctl config set tray.actions`);
    return false;
  });
  if (notes.length === 0) return { value, notes };
  return { value: { ...value, tray: { ...value.tray, actions } }, notes };
}
