/**
 * `@pocketlm/testkit/browser`: drives Debian's Chromium through playwright-core (an optional peer dependency, so
 * importing the main `@pocketlm/testkit` entry never needs it).
 */
export {
  CHROMIUM_TEST_ARGS,
  DEFAULT_CHROMIUM_PATH,
  type LaunchChromiumOptions,
  type LaunchedChromium,
  launchChromium,
} from './launch-chromium.js';
