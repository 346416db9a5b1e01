/**
 * SERVICE_CONTROL_POWEREVENT: the event type is a PBT_* value; for PBT_POWERSETTINGCHANGE the
 * event data points to a POWERBROADCAST_SETTING { GUID PowerSetting; DWORD DataLength; UCHAR
 * Data[DataLength]; }, which lives only during the HandlerEx call and is decoded there. The
 * suspend and resume events carry no data. A service gets setting changes only for the settings
 * it registered with RegisterPowerSettingNotification; Tandem registers none today, but decodes
 * any that come, so a product built on it can.
 */
import type { PowerChange } from '../platform.js';
import { pbtChange, pbtName, PBT } from './power-events.js';
import { koffi, win32Types, type MaybePointer } from './win32/koffi.js';
import type { Guid, PowerBroadcastSetting } from './win32/types.js';

/** The settings whose changes a product is most likely to register for (winnt.h / wdm.h). */
export const POWER_SETTINGS: Readonly<Record<string, string>> = {
  '6fe69556-704a-47a0-8f24-c28d936fda47': 'GUID_CONSOLE_DISPLAY_STATE',
  '02731015-4510-4526-99e6-e5a17ebd1aea': 'GUID_MONITOR_POWER_ON',
  '5d3e9a59-e9d5-4b00-a6bd-ff34ff516548': 'GUID_ACDC_POWER_SOURCE',
  '98a7f580-01f7-48aa-9c0f-44352c29e5c0': 'GUID_SYSTEM_AWAYMODE',
  'ba3e0f4d-b817-4094-a2d1-d56379e6a0f3': 'GUID_LIDSWITCH_STATE_CHANGE',
  'a7ad8041-b45a-4cae-87a3-eecbb468a9e1': 'GUID_BATTERY_PERCENTAGE_REMAINING',
  '245d8541-3943-4422-b025-13a784f679b7': 'GUID_POWERSCHEME_PERSONALITY',
  'e00958c0-c213-4ace-ac77-fecced2eeea5': 'GUID_SESSION_DISPLAY_STATUS',
  '3c0f4548-c03f-4c4d-b9f2-237ede686376': 'GUID_SESSION_USER_PRESENCE',
};

/** The largest setting payload decoded; settings are a DWORD or a GUID, never more than this. */
const MAX_SETTING_BYTES = 256;

export interface PowerSettingChange {
  /** Lower-case, dashed: `5d3e9a59-e9d5-4b00-a6bd-ff34ff516548`. */
  readonly guid: string;
  /** GUID_* name when it is one of POWER_SETTINGS. */
  readonly name: string | null;
  readonly data: Buffer;
}

export interface PowerEvent {
  readonly eventType: number;
  /** PBT_* name, or `PBT event 0x…` for a value Windows adds later. */
  readonly name: string;
  /** What it means for agents, before deduplication (see PowerNotices). */
  readonly change: PowerChange | null;
  readonly setting: PowerSettingChange | null;
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

export function guidString(guid: Guid): string {
  const tail = guid.Data4.map((byte) => hex(byte, 2)).join('');
  return `${hex(guid.Data1, 8)}-${hex(guid.Data2, 4)}-${hex(guid.Data3, 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/** Decodes HandlerEx's (dwEventType, lpEventData) for SERVICE_CONTROL_POWEREVENT. */
export function decodePowerEvent(eventType: number, eventData: MaybePointer): PowerEvent {
  const base = { eventType, name: pbtName(eventType), change: pbtChange(eventType) };
  if (eventType !== PBT.PBT_POWERSETTINGCHANGE) return { ...base, setting: null };
  if (eventData === null || eventData === 0n) throw new TypeError('PBT_POWERSETTINGCHANGE came without POWERBROADCAST_SETTING data');
  const type = win32Types().POWERBROADCAST_SETTING;
  const head = koffi().decode(eventData, type) as PowerBroadcastSetting;
  if (head.DataLength > MAX_SETTING_BYTES) throw new TypeError(`Expected POWERBROADCAST_SETTING.DataLength up to ${MAX_SETTING_BYTES}, got ${head.DataLength}`);
  const bytes = head.DataLength === 0 ? [] : (koffi().decode(eventData, koffi().offsetof(type, 'Data'), 'uint8_t', head.DataLength) as number[]);
  const guid = guidString(head.PowerSetting);
  return { ...base, setting: { guid, name: POWER_SETTINGS[guid] ?? null, data: Buffer.from(bytes) } };
}
