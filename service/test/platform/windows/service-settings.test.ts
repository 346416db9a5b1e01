import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REQUIRED_PRIVILEGES } from '../../../src/platform/windows/service-settings.js';

test('the service keeps only the privileges it uses: no SeImpersonatePrivilege (it only identifies clients)', () => {
  assert.deepEqual([...REQUIRED_PRIVILEGES].sort(), ['SeAssignPrimaryTokenPrivilege', 'SeChangeNotifyPrivilege', 'SeIncreaseQuotaPrivilege', 'SeTcbPrivilege']);
});
