import { eq } from 'drizzle-orm';
import type { DB } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { DEMO_PASSWORD, seedDemoPeople, type DemoAccount } from './people.ts';
import { seedDemoActivity } from './activity.ts';
import { seedDemoPledgesAndWritings } from './pledges-writings.ts';
import { seedDemoCampaign } from './campaign.ts';
import { seedDemoExams } from './exams.ts';

/** Fills a new, empty database with a demo organization. Called only when there are no users yet. */
export async function seedDemo(db: DB): Promise<DemoAccount[]> {
	const accounts = await seedDemoPeople(db);
	await seedDemoActivity(db);
	await seedDemoPledgesAndWritings(db);
	await seedDemoCampaign(db);
	await seedDemoExams(db);
	return accounts;
}

export function describeDemoAccounts(accounts: DemoAccount[]): string {
	const lines = accounts.map((a) => `  ${a.username.padEnd(10)} ${a.name}  ${a.note}`);
	return [`演示账号（密码均为 ${DEMO_PASSWORD}）：`, ...lines].join('\n');
}

/** True when the demo admin account still opens with the published demo password. */
export async function demoPasswordsInUse(db: DB): Promise<boolean> {
	const admin = await db.select({ passwordHash: users.passwordHash, disabledAt: users.disabledAt }).from(users).where(eq(users.username, 'admin')).get();
	return !!admin && !admin.disabledAt && (await verifyPassword(admin.passwordHash, DEMO_PASSWORD));
}
