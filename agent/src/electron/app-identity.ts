/**
 * The app's identity on Windows. The AppUserModelID must equal the `appId` of
 * agent/electron-builder.yml: Windows shows toast notifications only for an AUMID that a Start
 * menu shortcut carries, and the installer creates that shortcut from the builder's appId.
 */
export const APP_USER_MODEL_ID = 'com.tandem.agent';
export const PRODUCT_NAME = 'Tandem';
