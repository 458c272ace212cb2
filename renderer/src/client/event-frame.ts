import { ApiError, check, events, type ApiEvent, type EventName } from '../../../core/api/index.js';

function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/**
 * One event as a host sent it (`{event, payload}`), checked against the control API's schema,
 * so that a view never sees a payload of the wrong shape. Throws ApiError 'bad-event'.
 */
export function checkEvent(value: unknown): ApiEvent {
  if (typeof value !== 'object' || value === null) throw new ApiError('bad-event', 'an event must be an object');
  const { event, payload } = value as { event?: unknown; payload?: unknown };
  if (!isEventName(event)) {
    const shown = typeof event === 'string' ? JSON.stringify(event.slice(0, 64)) : typeof event;
    throw new ApiError('bad-event', `unknown event ${shown}`);
  }
  const checked = check(events[event], payload);
  if (!checked.success) throw new ApiError('bad-event', `${event}: ${checked.message}`);
  return { event, payload: checked.data } as ApiEvent;
}

/** A WebSocket text frame of the daemon's events stream. Throws ApiError 'bad-event'. */
export function parseEventFrame(data: unknown): ApiEvent {
  if (typeof data !== 'string') throw new ApiError('bad-event', 'an event frame must be JSON text');
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new ApiError('bad-event', 'an event frame is not valid JSON');
  }
  return checkEvent(value);
}
