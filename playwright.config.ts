import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

// Debian's chromium by default (Playwright cannot download its own browsers on an intranet);
// set QF_CHROMIUM_PATH to another binary, or to "playwright" to use Playwright's own browser.
const configured = process.env.QF_CHROMIUM_PATH;
const executablePath =
	configured === 'playwright' ? undefined : (configured ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined));

const PORT = Number(process.env.QF_E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	forbidOnly: !!process.env.CI,
	reporter: process.env.CI ? [['list']] : [['list']],
	timeout: 60_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: `http://localhost:${PORT}`,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		trace: 'retain-on-failure',
		acceptDownloads: true
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: {
					executablePath,
					args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu', '--no-first-run']
				}
			}
		}
	],
	webServer: {
		command: 'node tests/e2e/server.js',
		url: `http://localhost:${PORT}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		env: { PORT: String(PORT) }
	}
});
