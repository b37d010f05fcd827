// npm run create-admin -- --username NAME [--password PASS] [--name 姓名] [--unit 单位路径]
// Creates an administrator for a real deployment; asks for the username and password when they
// are not given. The password is the one the person running this chose, so the account does not
// have to change it at first login.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { stdin, stdout } from 'node:process';
import { asc, isNull } from 'drizzle-orm';
import { configuredLocation, openDatabase } from '../lib/server/db/client.ts';
import { orgUnits } from '../lib/server/db/schema/index.ts';
import { passwordProblem } from '../lib/server/auth/passwords.ts';
import { createPerson, usernameExists, usernameProblem } from '../lib/server/people/accounts.ts';
import { ensureUnitByNamePath, unitNamePath } from '../lib/server/org/units.ts';

const USAGE = '用法：npm run create-admin -- --username 用户名 [--password 密码] [--name 姓名] [--unit 单位路径]';

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}

let args: { username?: string; password?: string; name?: string; unit?: string; help?: boolean };
try {
	args = parseArgs({
		options: {
			username: { type: 'string' },
			password: { type: 'string' },
			name: { type: 'string' },
			unit: { type: 'string' },
			help: { type: 'boolean', short: 'h' }
		},
		strict: true
	}).values;
} catch (e) {
	fail(`参数错误：${e instanceof Error ? e.message : e}\n${USAGE}`);
}
if (args.help) {
	console.log(USAGE);
	process.exit(0);
}

// Piped input (scripts, tests) is read line by line; a terminal gets prompts with hidden passwords.
const pipedLines = stdin.isTTY ? null : createInterface({ input: stdin })[Symbol.asyncIterator]();

async function ask(question: string): Promise<string> {
	if (pipedLines) {
		stdout.write(question);
		const next = await pipedLines.next();
		if (next.done) fail('\n输入已结束，未创建账号');
		stdout.write('\n');
		return next.value.trim();
	}
	const rl = createInterface({ input: stdin, output: stdout });
	try {
		return await new Promise<string>((resolve) => rl.question(question, (answer) => resolve(answer.trim())));
	} finally {
		rl.close();
	}
}

async function askHidden(question: string): Promise<string> {
	if (pipedLines) return await ask(question);
	return new Promise((resolve) => {
		stdout.write(question);
		let value = '';
		const finish = () => {
			stdin.off('data', onData);
			stdin.setRawMode(false);
			stdin.pause();
			stdout.write('\n');
		};
		const onData = (chunk: string) => {
			for (const ch of chunk) {
				if (ch === '\r' || ch === '\n') {
					finish();
					resolve(value);
					return;
				}
				if (ch === '\u0003') {
					finish();
					fail('已取消，未创建账号');
				}
				if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
				else value += ch;
			}
		};
		stdin.setRawMode(true);
		stdin.setEncoding('utf8');
		stdin.resume();
		stdin.on('data', onData);
	});
}

const db = openDatabase(configuredLocation());
await db.$engine.migrate();

const username = args.username?.trim() || (await ask('管理员用户名：'));
const usernameIssue = usernameProblem(username);
if (usernameIssue) fail(usernameIssue);
if (await usernameExists(db, username)) fail(`用户名“${username}”已存在，未做任何修改。请换一个用户名，或在管理后台重置该账号的密码。`);

let password = args.password;
if (password !== undefined) {
	const problem = passwordProblem(password, username);
	if (problem) fail(`密码不符合要求：${problem}`);
} else {
	for (let attempt = 1; ; attempt++) {
		const first = await askHidden('密码（至少 8 位，含字母和数字）：');
		const problem = passwordProblem(first, username);
		const second = problem ? '' : await askHidden('再次输入密码：');
		if (!problem && first === second) {
			password = first;
			break;
		}
		const message = problem ? `密码不符合要求：${problem}` : '两次输入的密码不一致';
		if (pipedLines || attempt >= 3) fail(message);
		console.error(message);
	}
}

// Without --unit the admin joins the first top-level unit, or a new root unit 本单位 on an
// empty database, so no stray root appears beside an existing organization.
const firstRoot = await db.select().from(orgUnits).where(isNull(orgUnits.parentId)).orderBy(asc(orgUnits.id)).get();
const unit = args.unit?.trim() ? await ensureUnitByNamePath(db, args.unit) : (firstRoot ?? (await ensureUnitByNamePath(db, '本单位')));

const created = await createPerson(db, {
	username,
	password,
	name: args.name?.trim() || '系统管理员',
	orgUnitId: unit.id,
	title: '',
	isLeader: false,
	role: 'admin',
	mustChangePassword: false
});
if (!created.ok) fail(Object.values(created.errors).join('；'));

console.log(`已创建管理员“${username}”（所属单位：${await unitNamePath(db, unit)}，数据库：${db.$engine.location}）。`);
if (args.password !== undefined) console.log('提示：写在命令行里的密码可能留在 shell 历史中；如有顾虑，请登录后在“修改密码”中更换。');
await db.$engine.close();
