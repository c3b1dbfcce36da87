// The engine runs in this worker, so tokenizing and the forward passes never block the page.
import { serveEngine } from '@pocketlm/web';

serveEngine(self);
