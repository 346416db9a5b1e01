/**
 * What Windows Installer has registered: every product (with its name and version), and the
 * products registered under an upgrade code, the way FindRelatedProducts, Intune's and
 * Configuration Manager's detection rules see them. msi.dll, declared here: only the installer
 * tests ask.
 */
import { koffi } from '@tandem/service/platform/windows/win32/koffi';

const ERROR_NO_MORE_ITEMS = 259;

interface Msi {
  MsiEnumProductsW(index: number, product: Buffer): number;
  MsiEnumRelatedProductsW(upgradeCode: string, reserved: number, index: number, product: Buffer): number;
  MsiGetProductInfoW(product: string, property: string, value: Buffer, length: [number]): number;
}

let msi: Msi | undefined;

function library(): Msi {
  if (msi === undefined) {
    const dll = koffi().load('msi.dll');
    msi = {
      MsiEnumProductsW: dll.func('uint32 __stdcall MsiEnumProductsW(uint32 iProductIndex, void *lpProductBuf)'),
      MsiEnumRelatedProductsW: dll.func('uint32 __stdcall MsiEnumRelatedProductsW(str16 lpUpgradeCode, uint32 dwReserved, uint32 iProductIndex, void *lpProductBuf)'),
      MsiGetProductInfoW: dll.func('uint32 __stdcall MsiGetProductInfoW(str16 szProduct, str16 szProperty, void *lpValueBuf, _Inout_ uint32 *pcchValueBuf)'),
    } as Msi;
  }
  return msi;
}

function wide(buffer: Buffer, chars: number): string {
  return buffer.subarray(0, chars * 2).toString('utf16le');
}

function productInfo(productCode: string, property: string): string {
  const value = Buffer.alloc(256 * 2);
  const length: [number] = [256];
  const code = library().MsiGetProductInfoW(productCode, property, value, length);
  if (code !== 0) throw new Error(`MsiGetProductInfoW(${productCode}, ${property}) failed: ${code}`);
  return wide(value, length[0]);
}

export interface InstalledProduct {
  readonly productCode: string;
  readonly name: string;
  readonly version: string;
}

function enumerate(next: (index: number, product: Buffer) => number, what: string): InstalledProduct[] {
  const products: InstalledProduct[] = [];
  for (let index = 0; ; index++) {
    const product = Buffer.alloc(39 * 2);
    const code = next(index, product);
    if (code === ERROR_NO_MORE_ITEMS) return products;
    if (code !== 0) throw new Error(`${what} failed: ${code}`);
    const productCode = wide(product, 38);
    products.push({ productCode, name: productInfo(productCode, 'ProductName'), version: productInfo(productCode, 'VersionString') });
  }
}

/** Every product installed on the machine. */
export function installedProducts(): InstalledProduct[] {
  return enumerate((index, product) => library().MsiEnumProductsW(index, product), 'MsiEnumProductsW');
}

/** The products registered under `upgradeCode` (a GUID without braces). */
export function relatedProducts(upgradeCode: string): InstalledProduct[] {
  return enumerate((index, product) => library().MsiEnumRelatedProductsW(`{${upgradeCode}}`, 0, index, product), 'MsiEnumRelatedProductsW');
}
