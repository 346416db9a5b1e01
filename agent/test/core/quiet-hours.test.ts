import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isQuietTime, minutesOfDay } from '../../src/core/quiet-hours.js';

/** A local time on an arbitrary day: quiet hours are about the user's wall clock. */
const at = (hours: number, minutes: number): Date => new Date(2025, 5, 14, hours, minutes);

describe('quiet hours', () => {
  it('reads HH:MM as minutes since midnight', () => {
    assert.equal(minutesOfDay('00:00'), 0);
    assert.equal(minutesOfDay('07:30'), 450);
    assert.equal(minutesOfDay('23:59'), 1439);
  });

  it('refuses anything else with the value in the message', () => {
    for (const bad of ['24:00', '7:30', '07:60', '', '07:30:00']) {
      assert.throws(() => minutesOfDay(bad), { name: 'RangeError', message: `Expected a time of day as HH:MM, got \`${bad}\`` });
    }
  });

  it('holds within a window on one day, start included and end excluded', () => {
    const lunch = { start: '12:00', end: '13:30' };
    assert.equal(isQuietTime(lunch, at(11, 59)), false);
    assert.equal(isQuietTime(lunch, at(12, 0)), true);
    assert.equal(isQuietTime(lunch, at(13, 29)), true);
    assert.equal(isQuietTime(lunch, at(13, 30)), false);
  });

  it('wraps past midnight', () => {
    const night = { start: '22:00', end: '07:00' };
    assert.equal(isQuietTime(night, at(21, 59)), false);
    assert.equal(isQuietTime(night, at(22, 0)), true);
    assert.equal(isQuietTime(night, at(0, 0)), true);
    assert.equal(isQuietTime(night, at(6, 59)), true);
    assert.equal(isQuietTime(night, at(7, 0)), false);
    assert.equal(isQuietTime(night, at(12, 0)), false);
  });

  it('is never quiet without a window, or with start equal to end', () => {
    assert.equal(isQuietTime(null, at(3, 0)), false);
    assert.equal(isQuietTime({ start: '08:00', end: '08:00' }, at(8, 0)), false);
  });
});
