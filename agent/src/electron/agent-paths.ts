/**
 * Where the agent's files are at run time, relative to this compiled module
 * (agent/dist/src/electron/agent-paths.js). electron-builder packs the agent folder with the same
 * layout (see agent/electron-builder.yml), so the paths hold in the installed app too.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const AGENT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ICONS_DIR = path.join(AGENT_ROOT, 'assets', 'icons');
/** The status page's HTML and CSS are served from their source folder; they need no build. */
export const RENDERER_SOURCE_DIR = path.join(AGENT_ROOT, 'src', 'renderer');
/** The status page's scripts, compiled by agent/src/renderer/tsconfig.json. */
export const RENDERER_BUILD_DIR = path.join(AGENT_ROOT, 'dist', 'src', 'renderer');
/** Sandboxed preloads must be CommonJS, hence .cjs (compiled from preload.cts). */
export const PRELOAD_PATH = path.join(AGENT_ROOT, 'dist', 'src', 'electron', 'preload.cjs');
