/**
 * What identifies Tandem's MSI, declared once for both compilers (wixl here, electron-builder's
 * WiX on Windows). The upgrade code ties every version together: never change it, or an upgrade
 * installs a second product beside the first instead of replacing it.
 */
export const PRODUCT = {
  name: 'Tandem',
  manufacturer: 'Tandem',
  /** The MSI UpgradeCode (electron-builder: msi.upgradeCode). Fixed forever. */
  upgradeCode: '6B0F2C1E-3A4D-4E5F-8A9B-7C6D5E4F3A21',
  /** The tray's AppUserModelID (agent/src/electron/app-identity.ts): the Start-menu shortcut carries it, toasts need it. */
  appUserModelId: 'com.tandem.agent',
  /**
   * The tray's toast activator (agent/src/electron/app-identity.ts: TOAST_ACTIVATOR_CLSID), which
   * the Start-menu shortcut carries beside the AUMID so a toast clicked in Action Center reaches
   * the tray. Fixed forever.
   */
  toastActivatorClsid: '{AC856C41-2A72-4045-A079-E05BB0D8034F}',
  /** The Electron tray's executable in the install folder (agent/electron-builder.yml: executableName). */
  trayExecutable: 'tandem-tray.exe',
  /** The service's SCM name. */
  serviceName: 'Tandem',
} as const;
