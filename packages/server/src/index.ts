export { createRequestHandler, type RequestHandler } from './create-request-handler.js';
export { HttpError, type OpenAIErrorBody } from './http/http-error.js';
export {
  DEFAULT_HOST,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PORT,
  DEFAULT_SHUTDOWN_GRACE_MS,
  type RequestHandlerOptions,
  type RunningServer,
  type ServedModel,
  type ServerOptions,
} from './server-options.js';
export { startServer } from './start-server.js';
