import { setUpHarness, tearDownHarness } from './harness';

// Root hooks: one bundle build, one server and one Chromium for the whole webview suite.
export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    await setUpHarness();
  },
  async afterAll(): Promise<void> {
    await tearDownHarness();
  },
};
