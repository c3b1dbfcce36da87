import { sendJson } from '../http/send-json.js';
import type { RouteContext } from './route-context.js';

/** `GET /health`: liveness for load balancers and scripts (never needs the API key). */
export function health(ctx: RouteContext, state: { activeRequests: number; draining: boolean }): void {
  sendJson(ctx.res, state.draining ? 503 : 200, {
    status: state.draining ? 'draining' : 'ok',
    models: Object.keys(ctx.models),
    active_requests: state.activeRequests,
  });
}
