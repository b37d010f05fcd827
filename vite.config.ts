import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173 },
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		setupFiles: ['tests/setup.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		env: { DATABASE_PATH: ':memory:', QF_DEMO: '0', CONTENT_DIR: 'content' },
		testTimeout: 30_000,
		pool: 'forks'
	}
});
