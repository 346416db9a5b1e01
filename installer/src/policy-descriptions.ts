/**
 * What an IT administrator reads in the Group Policy editor for each setting: its title, what
 * it does, the unit of a number, the label beside the input, and for a JSON setting an example
 * (the templates' test checks every example is a value the service accepts). A configuration key
 * without an entry here stops the generator, so a new setting cannot ship undocumented.
 */
export interface PolicyDescription {
  /** The policy's name in the editor. */
  readonly title: string;
  /** What the setting does, in a sentence or two; the rest of the help text is generated. */
  readonly description: string;
  /** The label beside the input box or drop-down. */
  readonly label: string;
  /** The unit of a number, plural (`milliseconds`). */
  readonly unit?: string;
  /** For a JSON setting: a value an administrator can start from. */
  readonly example?: unknown;
}

/** Display names of the sub-categories, one per top-level configuration group. */
export const GROUP_TITLES: Readonly<Record<string, string>> = {
  agents: 'Tray agents',
  logging: 'Logging',
  tray: 'Tray',
  service: 'Service',
};

export const POLICY_DESCRIPTIONS: Readonly<Record<string, PolicyDescription>> = {
  'agents.eligibility': {
    title: 'Sessions that get a tray agent',
    description:
      'Chooses which interactive user sessions (console, fast user switching, Remote Desktop) Tandem starts its tray agent in: every session {"mode":"all"}, none {"mode":"none"}, or only sessions whose user is a member of a Windows group {"mode":"group","group":"<name>"}. The group is an account name (DOMAIN\\Group or Group) or a SID (S-1-5-...). Sessions that stop being eligible have their agent stopped.',
    label: 'Eligibility (JSON):',
    example: { mode: 'group', group: 'CONTOSO\\Tandem Users' },
  },
  'agents.restartInitialDelayMs': {
    title: 'Restart delay after an agent crash',
    description: 'How long Tandem waits before restarting a tray agent that exited unexpectedly. Each further crash in a row doubles the delay, up to the maximum restart delay.',
    label: 'Milliseconds:',
    unit: 'milliseconds',
  },
  'agents.restartMaxDelayMs': {
    title: 'Maximum restart delay',
    description: 'The longest Tandem waits before restarting a tray agent that keeps crashing (the delay doubles from the first restart delay up to this value).',
    label: 'Milliseconds:',
    unit: 'milliseconds',
  },
  'agents.healthyAfterMs': {
    title: 'Run time after which an agent counts as healthy',
    description: 'A tray agent that has run this long before exiting counts as healthy: its restart delay and its count of crashes in a row start over.',
    label: 'Milliseconds:',
    unit: 'milliseconds',
  },
  'agents.crashLoopFailures': {
    title: 'Crashes in a row that stop restarts',
    description:
      'How many quick failures in a row count as a crash loop. Tandem then stops restarting the agent in that session until an administrator runs "tandemctl agents restart".',
    label: 'Failures:',
    unit: 'failures',
  },
  'agents.stopTimeoutMs': {
    title: 'Time an agent has to stop',
    description: 'How long a tray agent may take to exit after Tandem asks it to stop (at sign-out, when the service stops, or when an agent is restarted) before Tandem ends it.',
    label: 'Milliseconds:',
    unit: 'milliseconds',
  },
  'logging.level': {
    title: 'Log level',
    description: 'The least severe kind of message the service writes to its log under %ProgramData%\\Tandem, from fatal (least detail) to trace (most detail).',
    label: 'Level:',
  },
  'logging.maxFileMb': {
    title: 'Log file size',
    description: 'The size at which the service closes its log file and starts a new one.',
    label: 'Megabytes:',
    unit: 'megabytes',
  },
  'logging.retainFiles': {
    title: 'Log files kept',
    description: 'How many log files the service keeps; older ones are deleted.',
    label: 'Files:',
    unit: 'files',
  },
  'tray.links': {
    title: 'Links in the tray menu',
    description:
      'Links shown in the tray menu and status window of every user, at most 10. Each has a label (1 to 64 characters) and an http, https or mailto URL. An empty list [] shows none.',
    label: 'Links (JSON):',
    example: [
      { label: 'IT help desk', url: 'https://help.example.com' },
      { label: 'Email support', url: 'mailto:support@example.com' },
    ],
  },
  'tray.actions': {
    title: 'Actions in the tray menu',
    description:
      'Programs users may ask the Tandem service to run from the tray menu, such as "Repair network" or "Sync policies"; at most 10. Each has an id (lower-case letters, digits, ".", "_" or "-", up to 64 characters, starting with a letter or digit), a label (1 to 64 characters), optionally a description and a confirmation question (up to 200 characters each), the program as an absolute path, optionally a fixed list of arguments ("args", at most 32), "runAs": "system" (as LocalSystem in session 0) or "user" (as the requesting user, unelevated, in their session; the default), "timeLimitMs" (1000 to 3600000, default 60000: then the program and everything it started are ended) and "cooldownMs" (1000 to 86400000, default 10000: how long after a run a session waits to run it again). Users see only the id, label, description and confirmation, and a request names only the id: nothing of it reaches the program. A program that anyone but SYSTEM, Administrators or TrustedInstaller can change, or in a folder they can, is refused: the whole value is then ignored and reported. An empty list [] defines none.',
    label: 'Actions (JSON):',
    example: [
      {
        id: 'repair-network',
        label: 'Repair network',
        description: 'Resets the network adapter.',
        confirmation: 'Your connection drops for a minute. Go on?',
        program: 'C:\\Program Files\\Contoso\\netrepair.exe',
        args: ['/reset'],
        runAs: 'system',
        timeLimitMs: 120000,
        cooldownMs: 300000,
      },
    ],
  },
  'tray.quietHours': {
    title: 'Quiet hours',
    description:
      'A daily period of local time during which the tray shows only error notifications as pop-ups (the rest still appear in the status window), as {"start":"HH:MM","end":"HH:MM"} on a 24-hour clock; the period may pass midnight. null means no quiet hours.',
    label: 'Quiet hours (JSON):',
    example: { start: '22:00', end: '07:00' },
  },
  'tray.notificationsPerMinute': {
    title: 'Notifications per minute',
    description: 'The most notifications the tray pops up for a user in any minute; further ones appear only in the status window.',
    label: 'Notifications:',
    unit: 'notifications',
  },
  'tray.supportText': {
    title: 'Support text',
    description: 'Text shown in the tray status window telling users how to get help, such as a help-desk phone number.',
    label: 'Support text:',
  },
  'service.preshutdownTimeoutMs': {
    title: 'Time the service has to stop at shutdown',
    description: 'How long Windows should wait at shutdown for the Tandem service to stop cleanly (its pre-shutdown timeout).',
    label: 'Milliseconds:',
    unit: 'milliseconds',
  },
};
