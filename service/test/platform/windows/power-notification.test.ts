import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PBT, PowerNotices } from '../../../src/platform/windows/power-events.js';
import { decodePowerEvent, guidString } from '../../../src/platform/windows/power-notification.js';
import { handleControl, type ControlActions } from '../../../src/platform/windows/service-controls.js';
import { koffi, win32Types } from '../../../src/platform/windows/win32/koffi.js';

/** A POWERBROADCAST_SETTING in native memory, written byte by byte as Windows lays it out. */
function setting(guidBytes: number[], data: number[]): { pointer: bigint; free: () => void } {
  const pointer = koffi().alloc('uint8_t', 24 + data.length) as bigint;
  guidBytes.forEach((byte, i) => koffi().encode(pointer, i, 'uint8_t', byte));
  koffi().encode(pointer, 16, 'uint32_t', data.length);
  data.forEach((byte, i) => koffi().encode(pointer, 20 + i, 'uint8_t', byte));
  return { pointer, free: () => koffi().free(pointer) };
}

/** GUID_ACDC_POWER_SOURCE {5D3E9A59-E9D5-4B00-A6BD-FF34FF516548} as stored: Data1-3 little-endian, Data4 as is. */
const ACDC_BYTES = [0x59, 0x9a, 0x3e, 0x5d, 0xd5, 0xe9, 0x00, 0x4b, 0xa6, 0xbd, 0xff, 0x34, 0xff, 0x51, 0x65, 0x48];

test('POWERBROADCAST_SETTING has the Windows layout: GUID at 0, DataLength at 16, Data at 20, 24 bytes', () => {
  const type = win32Types().POWERBROADCAST_SETTING;
  assert.equal(koffi().sizeof(win32Types().GUID), 16);
  assert.equal(koffi().offsetof(type, 'PowerSetting'), 0);
  assert.equal(koffi().offsetof(type, 'DataLength'), 16);
  assert.equal(koffi().offsetof(type, 'Data'), 20);
  assert.equal(koffi().sizeof(type), 24);
});

test('PBT_POWERSETTINGCHANGE decodes the setting GUID, its name and its data', () => {
  const data = setting(ACDC_BYTES, [1, 0, 0, 0]); // PoDc: on battery
  try {
    const event = decodePowerEvent(PBT.PBT_POWERSETTINGCHANGE, data.pointer);
    assert.equal(event.name, 'PBT_POWERSETTINGCHANGE');
    assert.equal(event.change, null);
    assert.equal(event.setting?.guid, '5d3e9a59-e9d5-4b00-a6bd-ff34ff516548');
    assert.equal(event.setting?.name, 'GUID_ACDC_POWER_SOURCE');
    assert.deepEqual([...(event.setting?.data ?? [])], [1, 0, 0, 0]);
  } finally {
    data.free();
  }
});

test('an unknown setting keeps its GUID; a setting without data or with an absurd length is refused', () => {
  const unknown = setting([1, 0, 0, 0, 2, 0, 3, 0, 4, 5, 6, 7, 8, 9, 10, 11], []);
  try {
    const event = decodePowerEvent(PBT.PBT_POWERSETTINGCHANGE, unknown.pointer);
    assert.deepEqual({ guid: event.setting?.guid, name: event.setting?.name, bytes: event.setting?.data.length }, { guid: '00000001-0002-0003-0405-060708090a0b', name: null, bytes: 0 });
    koffi().encode(unknown.pointer, 16, 'uint32_t', 1 << 20);
    assert.throws(() => decodePowerEvent(PBT.PBT_POWERSETTINGCHANGE, unknown.pointer), /Expected POWERBROADCAST_SETTING.DataLength up to 256, got 1048576/);
  } finally {
    unknown.free();
  }
  assert.throws(() => decodePowerEvent(PBT.PBT_POWERSETTINGCHANGE, null), /without POWERBROADCAST_SETTING data/);
});

test('suspend and resume events carry no data and name what they mean; later values are named by number', () => {
  const expected: Array<[number, string, string | null]> = [
    [0x4, 'PBT_APMSUSPEND', 'suspend'],
    [0x7, 'PBT_APMRESUMESUSPEND', 'resume'],
    [0x12, 'PBT_APMRESUMEAUTOMATIC', 'resume'],
    [0x6, 'PBT_APMRESUMECRITICAL', 'resume'],
    [0xa, 'PBT_APMPOWERSTATUSCHANGE', null],
    [0x9, 'PBT_APMBATTERYLOW', null],
    [0x99, 'PBT event 0x99', null],
  ];
  for (const [type, name, change] of expected) assert.deepEqual(decodePowerEvent(type, null), { eventType: type, name, change, setting: null });
});

test('one resume per wake, however many resume events Windows sends', () => {
  const notices = new PowerNotices();
  const seen = [PBT.PBT_APMRESUMEAUTOMATIC, PBT.PBT_APMSUSPEND, PBT.PBT_APMPOWERSTATUSCHANGE, PBT.PBT_APMRESUMEAUTOMATIC, PBT.PBT_APMRESUMESUSPEND, PBT.PBT_APMSUSPEND, PBT.PBT_APMRESUMECRITICAL].map((type) => notices.next(type));
  assert.deepEqual(seen, ['resume', 'suspend', null, 'resume', null, 'suspend', 'resume']);
});

test('POWEREVENT (13) answers NO_ERROR at once and acts after; bad setting data becomes a problem, not a throw', () => {
  const done: string[] = [];
  const scheduled: Array<() => void> = [];
  const actions: ControlActions = {
    stop: () => done.push('stop'),
    reload: () => done.push('reload'),
    sessionChange: () => done.push('session'),
    power: (event) => done.push(`power ${event.name}`),
    problem: (message) => done.push(`problem ${message}`),
  };
  assert.equal(handleControl(13, PBT.PBT_APMSUSPEND, null, actions, (work) => scheduled.push(work)), 0);
  assert.equal(handleControl(13, PBT.PBT_POWERSETTINGCHANGE, null, actions, (work) => scheduled.push(work)), 0);
  assert.deepEqual(done, []);
  for (const work of scheduled) work();
  assert.deepEqual(done, ['power PBT_APMSUSPEND', 'problem PBT_POWERSETTINGCHANGE came without POWERBROADCAST_SETTING data']);
});

test('GUIDs print as Windows writes them, lower-case', () => {
  assert.equal(guidString({ Data1: 0x6fe69556, Data2: 0x704a, Data3: 0x47a0, Data4: [0x8f, 0x24, 0xc2, 0x8d, 0x93, 0x6f, 0xda, 0x47] }), '6fe69556-704a-47a0-8f24-c28d936fda47');
});
