// The ONNX Runtime Web engine runs in this worker, so tokenizing and the forward passes never block the page.
import { serveEngine } from '@pocketlm/web';
import { installCrashSwitch } from './engine/crash-switch.js';

serveEngine(self);
installCrashSwitch(self);
