// Tandem's programs as single files (esbuild), for start-up time: loading ~200 small modules was
// most of the service's start under the SCM (slow file access under Wine and on machines with
// file-scanning antivirus), and every agent pays its start at each logon.
// Used by `npm run build` (scripts/bundle-service.mjs: the repository's bundles) and by the
// installer's staging (scripts/stage-install.mjs: the installed layout's bundles).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The compiled entry of each program that ships as one file. */
export const ENTRIES = {
  service: path.join(ROOT, 'service/dist/src/bin/tandem-service.js'),
  tandemctl: path.join(ROOT, 'service/dist/src/bin/tandemctl.js'),
  setup: path.join(ROOT, 'service/dist/src/bin/tandem-setup-main.js'),
  agent: path.join(ROOT, 'agent/dist/src/headless/main.js'),
};

/**
 * An esbuild plugin that compiles in another product version than shared/src/version.ts holds:
 * the installer tests build a higher version of the same code to upgrade to.
 */
function productVersion(version) {
  return {
    name: 'tandem-product-version',
    setup(builder) {
      builder.onLoad({ filter: /shared[\\/]dist[\\/]src[\\/]version\.js$/ }, () => ({
        contents: `export const PRODUCT_NAME = 'tandem';\nexport const PRODUCT_VERSION = ${JSON.stringify(version)};\nexport const PRODUCT = \`\${PRODUCT_NAME}/\${PRODUCT_VERSION}\`;\n`,
        loader: 'js',
      }));
    },
  };
}

/**
 * Bundles one program into `outfile` (+ `.map`). Its stack traces name the TypeScript sources
 * through the map, loaded only when a stack is read (source-mapped-stacks.mjs says why not
 * --enable-source-maps). pino-pretty stays outside: console mode's terminal only, loaded on demand.
 * Returns the bundle's size in bytes, source map included.
 */
export async function bundleProgram({ entry, stdin, outfile, version, external = ['pino-pretty'], plugins = [] }) {
  const result = await build({
    ...(stdin === undefined ? { entryPoints: [entry] } : { stdin }),
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    // Maps without the sources: stack traces need only the mappings, and the MSI stays smaller.
    sourcemap: true,
    sourcesContent: false,
    external,
    inject: [path.join(ROOT, 'scripts/source-mapped-stacks.mjs')],
    // CommonJS dependencies (pino) call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __tandemRequire } from 'node:module'; const require = __tandemRequire(import.meta.url);" },
    plugins: [...plugins, ...(version === undefined ? [] : [productVersion(version)])],
    logLevel: 'warning',
    metafile: true,
  });
  return Object.values(result.metafile.outputs).reduce((sum, output) => sum + (output.bytes ?? 0), 0);
}

/**
 * The headless agent as two files, as in the repository (scripts/bundle-service.mjs): its entry
 * greets the service before it loads the rest (early-hello.ts), and an agent starts at every
 * logon. `<name>.mjs` is the entry, whose two lazy imports (run-agent, connector) both resolve
 * to `<name>-core.mjs`, which exports what each needs. Returns the bytes of both.
 */
export async function bundleAgent({ outDir, name, version }) {
  const headless = path.join(ROOT, 'agent/dist/src/headless');
  const core = `./${name}-core.mjs`;
  const lazyToCore = {
    name: 'tandem-agent-core',
    setup(builder) {
      builder.onResolve({ filter: /^\.\/(run-agent|connector)\.js$/ }, () => ({ path: core, external: true }));
    },
  };
  const entry = await bundleProgram({ entry: ENTRIES.agent, outfile: path.join(outDir, `${name}.mjs`), version, plugins: [lazyToCore] });
  const rest = await bundleProgram({
    stdin: { contents: "export { runAgent } from './run-agent.js';\nexport { createConnector } from './connector.js';\n", resolveDir: headless, sourcefile: 'agent-core.js', loader: 'js' },
    outfile: path.join(outDir, `${name}-core.mjs`),
    version,
  });
  return entry + rest;
}
