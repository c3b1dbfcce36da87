import type { Tool } from '../src/tools/tool.js';

/** The weather tool's parameters as a resolved spec keeps them: a required city and an optional unit. */
export const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string' }, unit: { enum: ['c', 'f'] } },
  required: ['city'],
};

/** A tool to resolve and render: weather in a city. */
export const weatherTool: Tool = {
  name: 'get_weather',
  description: 'Current weather in a city.',
  parameters: weatherParameters,
  execute: () => '',
};
