/**
 * The baseline of the Windows benchmarks: a minimal koffi service that registers its handler and
 * reports RUNNING, nothing else. It imports only koffi's bindings, so that it pays for node.exe's
 * own start-up and no more. windows.bench.ts runs it as a role of itself; the installer benchmark
 * ships it, bundled, in its baseline MSI (minimal-service-main.ts).
 */

export async function runMinimalService(name: string): Promise<void> {
  const { koffi, win32Types } = await import('@tandem/service/platform/windows/win32/koffi');
  const { advapi32 } = await import('@tandem/service/platform/windows/win32/advapi32');
  const { wideBuffer } = await import('@tandem/service/platform/windows/win32/wide-string');
  const STOP = 1;
  const k = koffi();
  const t = win32Types();
  let statusHandle: bigint | null = null;
  const status = (state: number, accepted: number): void => {
    if (statusHandle === null) return;
    advapi32().SetServiceStatus(statusHandle, {
      dwServiceType: 0x10,
      dwCurrentState: state,
      dwControlsAccepted: accepted,
      dwWin32ExitCode: 0,
      dwServiceSpecificExitCode: 0,
      dwCheckPoint: 0,
      dwWaitHint: 0,
    });
  };
  const handler = k.register((control: number) => {
    if (control === STOP) setImmediate(() => status(1, 0));
    return 0;
  }, k.pointer(t.HandlerExProc));
  const main = k.register(() => {
    statusHandle = advapi32().RegisterServiceCtrlHandlerExW(name, handler, null);
    setImmediate(() => status(4, 0x1));
  }, k.pointer(t.ServiceMainProc));
  const serviceName = wideBuffer(name);
  const table = Buffer.alloc(32);
  table.writeBigUInt64LE(k.address(serviceName), 0);
  table.writeBigUInt64LE(main, 8);
  advapi32().StartServiceCtrlDispatcherW.async(table, () => {
    void serviceName.length;
  });
}
