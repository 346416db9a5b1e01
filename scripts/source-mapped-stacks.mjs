// Injected first into the service bundle by scripts/bundle-service.mjs: stack traces that name
// the TypeScript sources (file, line, function) instead of `tandem-service.bundle.mjs:1:48213`.
//
// Why not `node --enable-source-maps`: Node then reads and parses the bundle's source map while
// loading the bundle, which added ~60 ms (about 15 %) to the service's start under the SCM
// (measured under Wine). A map is needed only once a stack is read, so it is loaded then, once.
// Frames outside the bundle, and every frame when the map is missing, keep V8's own format.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// In the bundle, this is the bundle's own URL (every module of it shares it).
const bundleUrl = import.meta.url;
const bundlePath = fileURLToPath(bundleUrl);
let loaded; // undefined: not tried yet; null: no usable map

function bundleMap() {
  if (loaded === undefined) {
    try {
      loaded = new SourceMap(JSON.parse(readFileSync(`${bundlePath}.map`, 'utf8')));
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

function sourcePath(source) {
  return source.startsWith('file:') ? fileURLToPath(source) : path.resolve(path.dirname(bundlePath), source);
}

// The function's original name, as Node's own --enable-source-maps finds it: mapped at the
// enclosing function's start, else at the call in the frame below (same file).
function originalName(site, caller, map) {
  const line = site.getEnclosingLineNumber?.() ?? null;
  const column = site.getEnclosingColumnNumber?.() ?? null;
  const enclosing = line === null || column === null ? undefined : map.findEntry(line - 1, column - 1).name;
  if (enclosing !== undefined) return enclosing;
  const callerLine = caller?.getLineNumber() ?? null;
  const callerColumn = caller?.getColumnNumber() ?? null;
  if (caller === undefined || !inBundle(caller) || callerLine === null || callerColumn === null) return undefined;
  return map.findEntry(callerLine - 1, callerColumn - 1).name;
}

function mappedFrame(site, caller, map) {
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (line === null || column === null) return undefined;
  const entry = map.findEntry(line - 1, column - 1);
  if (entry.originalSource === undefined) return undefined;
  const name = originalName(site, caller, map) ?? site.getFunctionName() ?? '<anonymous>';
  const prefix = site.isAsync() ? 'async ' : site.isConstructor() ? 'new ' : '';
  return `${prefix}${name} (${sourcePath(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1})`;
}

function inBundle(site) {
  const file = site.getFileName();
  return file === bundleUrl || file === bundlePath;
}

function frame(site, caller) {
  if (inBundle(site)) {
    const map = bundleMap();
    if (map !== null) {
      try {
        return mappedFrame(site, caller, map) ?? site.toString();
      } catch {
        return site.toString();
      }
    }
  }
  return site.toString();
}

Error.prepareStackTrace = (error, sites) => {
  let header;
  try {
    header = Error.prototype.toString.call(error);
  } catch {
    header = '<error>';
  }
  return sites.length === 0 ? header : `${header}\n${sites.map((site, i) => `    at ${frame(site, sites[i + 1])}`).join('\n')}`;
};
