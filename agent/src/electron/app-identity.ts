/**
 * The app's identity on Windows. The AppUserModelID must equal the `appId` of
 * agent/electron-builder.yml: Windows shows toast notifications only for an AUMID that a Start
 * menu shortcut carries, and the installer creates that shortcut from the builder's appId.
 */
export const APP_USER_MODEL_ID = 'com.tandem.agent';
export const PRODUCT_NAME = 'Tandem';

/**
 * The COM class Windows activates when a toast is clicked after it left the screen (Action
 * Center), also once the tray has exited (Electron 42+ registers it: CoRegisterClassObject while
 * running, HKCU\Software\Classes\CLSID\{…}\LocalServer32 for a cold start). Without a fixed one,
 * Electron makes up a CLSID per run. The MSI's Start-menu shortcut carries the same value
 * (installer/src/product.ts: toastActivatorClsid), as the toast platform expects of the shortcut
 * with the app's AUMID. Fixed forever.
 */
export const TOAST_ACTIVATOR_CLSID = '{AC856C41-2A72-4045-A079-E05BB0D8034F}';
