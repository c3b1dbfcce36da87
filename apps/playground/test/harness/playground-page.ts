import type { Locator, Page } from 'playwright-core';

/** What a finished (or stopped) reply looks like on the page. */
export interface ReplySnapshot {
  text: string;
  status: string;
  tokenIds: number[];
  stats: string;
}

/**
 * Drives the playground the way a person does — type in the model field, press Load, type a message, press Send
 * or Stop — and reads back what the page shows. Every wait is on something visible in the DOM.
 */
export class PlaygroundPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  get errorBanner(): Locator {
    return this.page.getByTestId('error-banner');
  }

  get modelStatus(): Locator {
    return this.page.getByTestId('model-status');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/`);
    await this.page.getByTestId('load-button').waitFor();
  }

  /** Types `source`, presses Load and waits until the model is ready or has failed; returns which. */
  async load(source: string): Promise<'ready' | 'failed'> {
    await this.page.getByTestId('model-input').fill(source);
    await this.page.getByTestId('load-button').click();
    return this.waitForModel();
  }

  /** Waits until a load started by the page settles: the model is ready or has failed. */
  async waitForModel(): Promise<'ready' | 'failed'> {
    const settled = this.page.locator(
      '[data-testid="model-status"]:is([data-state="ready"], [data-state="failed"])',
    );
    await settled.waitFor({ timeout: 60_000 });
    return (await settled.getAttribute('data-state')) as 'ready' | 'failed';
  }

  /** Picks a backend in the model bar (`onnxruntime-web` or `pocketlm-wasm`), which starts its worker. */
  async pickBackend(backend: string): Promise<void> {
    await this.page.getByTestId('backend-picker').selectOption(backend);
  }

  /** Sets the generation settings and sends a message; does not wait for the reply. */
  async send(text: string, settings: { maxTokens?: number; temperature?: number } = {}): Promise<void> {
    if (settings.maxTokens !== undefined)
      await this.page.getByTestId('max-tokens').fill(String(settings.maxTokens));
    if (settings.temperature !== undefined) {
      await this.page.getByTestId('temperature').fill(String(settings.temperature));
    }
    await this.page.getByTestId('composer-input').fill(text);
    await this.page.getByTestId('send-button').click();
  }

  /** The newest assistant bubble. */
  lastReply(): Locator {
    return this.page.locator('[data-testid="message"][data-role="assistant"]').last();
  }

  /** Waits until no reply is streaming any more (finished, stopped or failed) and reads the newest one. */
  async waitForReply(timeout = 60_000): Promise<ReplySnapshot> {
    // Send creates the streaming bubble synchronously on click, so "none streaming" means the reply has ended.
    await this.page.waitForFunction(
      () => document.querySelector('[data-role="assistant"][data-status="streaming"]') === null,
      undefined,
      { timeout },
    );
    return this.readReply(this.lastReply());
  }

  /** Waits until the streaming reply holds at least `count` tokens. */
  async waitForTokens(count: number): Promise<void> {
    await this.page.waitForFunction(
      (n) => {
        const ids = document
          .querySelector('[data-status="streaming"][data-role="assistant"]')
          ?.getAttribute('data-token-ids');
        return ids !== undefined && ids !== null && ids !== '' && ids.split(',').length >= n;
      },
      count,
      { timeout: 60_000 },
    );
  }

  async readReply(reply: Locator): Promise<ReplySnapshot> {
    const ids = (await reply.getAttribute('data-token-ids')) ?? '';
    return {
      text: (await reply.locator('.bubble-text').textContent()) ?? '',
      status: (await reply.getAttribute('data-status')) ?? '',
      tokenIds: ids === '' ? [] : ids.split(',').map(Number),
      stats: (await reply.getByTestId('reply-stats').textContent()) ?? '',
    };
  }
}
