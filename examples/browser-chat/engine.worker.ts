// The engine runs here, off the page's main thread, so the page stays responsive while the model computes.
import { serveEngine } from '@pocketlm/web';

serveEngine(self);
