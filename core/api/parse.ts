import { commands, isCommandName, type ApiCall, type ShoalApi } from './commands.js';
import { ApiError, toApiFailure, type ApiResponse } from './errors.js';
import { check } from './issues.js';

/**
 * Validates an untrusted call (from IPC, HTTP, a WebSocket) against the command's schema.
 * Throws ApiError 'unknown-command' for a name that is not a command and 'bad-request' with a
 * message naming each bad field ("addTorrent: savePath must not contain NUL"). Absent params
 * count as `{}`, so commands without params may be called with none.
 */
export function parseCommand(name: unknown, params: unknown): ApiCall {
  if (!isCommandName(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 64)) : typeof name;
    throw new ApiError('unknown-command', `unknown command ${shown}`);
  }
  const checked = check(commands[name].params, params ?? {});
  if (!checked.success) throw new ApiError('bad-request', `${name}: ${checked.message}`);
  return { name, params: checked.data } as ApiCall;
}

/**
 * One call, start to end, as every host runs it: validate, call the engine, wrap the answer.
 * Never rejects: failures (bad input, engine errors, bugs) come back as `{ok: false, error}`.
 */
export async function handleCall(api: ShoalApi, name: unknown, params: unknown): Promise<ApiResponse<unknown>> {
  try {
    const call = parseCommand(name, params);
    const method = api[call.name] as (params: unknown) => Promise<unknown>;
    return { ok: true, result: await method.call(api, call.params) };
  } catch (error) {
    return toApiFailure(error);
  }
}
