import { defineConfig, mergeConfig } from 'vitest/config';
import { packageTestConfig } from '../../vitest.shared.js';

// Each browser suite builds the page and runs its own Chromium: one file at a time, so two cores are enough.
export default mergeConfig(packageTestConfig, defineConfig({ test: { fileParallelism: false } }));
