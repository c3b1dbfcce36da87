// Benchmark peers that are not workspace dependencies, installed on demand into a git-ignored cache
// (.cache/bench-peers/) the first time a section needs them. node-llama-cpp is one: its optional CUDA and Vulkan
// binaries are ~700 MB, so it is installed with --omit=optional plus the one prebuilt CPU package of this platform.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const NODE_LLAMA_CPP_VERSION = '3.22.1';

/** node-llama-cpp's prebuilt binary package for this platform (`@node-llama-cpp/linux-x64`, …), or undefined. */
export function nodeLlamaCppPlatformPackage(platform = process.platform, arch = process.arch) {
  if (platform === 'linux' && (arch === 'x64' || arch === 'arm64' || arch === 'arm')) return `linux-${arch}`;
  if (platform === 'darwin' && arch === 'arm64') return 'mac-arm64-metal';
  if (platform === 'darwin' && arch === 'x64') return 'mac-x64';
  if (platform === 'win32' && (arch === 'x64' || arch === 'arm64')) return `win-${arch}`;
  return undefined;
}

function installedVersion(prefix, name) {
  try {
    return JSON.parse(readFileSync(join(prefix, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure node-llama-cpp and this platform's prebuilt CPU binary are installed under
 * `<root>/.cache/bench-peers/node-llama-cpp`, installing them with npm when missing (no scripts, no optional
 * GPU packages, nothing saved anywhere in the workspace). Never throws: returns `{ module }` (the path of its ESM
 * entry) or `{ error }` saying why it is not available.
 */
export async function ensureNodeLlamaCpp(root, { onProgress = () => {} } = {}) {
  const platformPackage = nodeLlamaCppPlatformPackage();
  if (!platformPackage) {
    return { error: `node-llama-cpp has no prebuilt binary for ${process.platform}-${process.arch}` };
  }
  const prefix = join(root, '.cache', 'bench-peers', 'node-llama-cpp');
  const packages = [
    `node-llama-cpp@${NODE_LLAMA_CPP_VERSION}`,
    `@node-llama-cpp/${platformPackage}@${NODE_LLAMA_CPP_VERSION}`,
  ];
  const module = join(prefix, 'node_modules', 'node-llama-cpp', 'dist', 'index.js');
  const ready = () =>
    existsSync(module) &&
    installedVersion(prefix, 'node-llama-cpp') === NODE_LLAMA_CPP_VERSION &&
    installedVersion(prefix, `@node-llama-cpp/${platformPackage}`) === NODE_LLAMA_CPP_VERSION;
  if (ready()) return { module, prefix, packages };
  onProgress(`installing ${packages.join(' ')} into ${prefix} (once)…`);
  mkdirSync(prefix, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    await promisify(execFile)(
      npm,
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--omit=optional',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        ...packages,
      ],
      { cwd: prefix, timeout: 5 * 60_000, maxBuffer: 16 * 1024 * 1024, shell: process.platform === 'win32' },
    );
  } catch (error) {
    const detail = String(error?.stderr || error?.message || error)
      .trim()
      .split('\n')
      .slice(-3)
      .join(' ');
    return { error: `npm install of ${packages.join(' ')} failed: ${detail}` };
  }
  return ready()
    ? { module, prefix, packages }
    : { error: `npm install of ${packages.join(' ')} finished but ${module} is missing` };
}
