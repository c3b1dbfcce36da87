import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The path of one of the MCP server scripts in `fixtures/mcp`. */
export const mcpFixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/mcp/${name}`, import.meta.url));

/** The pid a fixture server wrote to `NOTES_SERVER_PID_FILE`. */
export const readPid = (pidFile: string): number => Number(readFileSync(pidFile, 'utf8'));

/** Whether the process still runs: signal 0 only checks, it sends nothing. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
