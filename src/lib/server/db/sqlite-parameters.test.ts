import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStableParameters } from './sqlite.ts';

// Parameters are written `+?` so that SQLite compiles a statement once rather than on every new
// binding (db/sqlite.ts). The rewrite must never touch a literal and never change a result.

describe('SQLite parameters written +?', () => {
	it('rewrites parameters and nothing inside literals, quoted names or comments', () => {
		expect(withStableParameters('select "a" from "t" where "t"."id" = ? and "t"."x" in (?, ?) limit ?')).toBe('select "a" from "t" where "t"."id" = +? and "t"."x" in (+?, +?) limit +?');
		expect(withStableParameters(`select '?', 'it''s ?', "odd?""name" from t where a = ?`)).toBe(`select '?', 'it''s ?', "odd?""name" from t where a = +?`);
		expect(withStableParameters("select 1 -- what's this?\nwhere a = ? /* b = ? isn't */ and c = ?")).toBe("select 1 -- what's this?\nwhere a = +? /* b = ? isn't */ and c = +?");
		expect(withStableParameters('select [a?] from t where b = ?')).toBe('select [a?] from t where b = +?');
	});

	it('gives the same rows as bare parameters, for every kind of value and clause', () => {
		const db = new Database(':memory:');
		db.exec(`
			create table p (id integer primary key, code text not null unique, n integer, r real, b blob, path text);
			create table q (id integer primary key, p_id integer references p(id), label text);
			create index q_p on q(p_id);
			insert into p values (1, '007', 7, 1.5, x'00ff', '/1/'), (2, 'A''b?', 12, null, null, '/1/2/'), (3, '3', 3, 3.0, x'01', '/1/2/3/');
			insert into q values (10, 1, 'x'), (11, 2, 'y?'), (12, 3, null), (13, 3, 'z');
		`);
		const cases: [string, unknown[]][] = [
			['select p.id, q.id from p join q on q.p_id = p.id where p.code = ? order by q.id', ['007']],
			['select p.id, q.id from p join q on q.p_id = p.id where p.code = ? order by q.id', ["A'b?"]],
			// Affinity: a text number against an integer column, a number against a text column.
			['select p.id, q.id from p join q on q.p_id = p.id where p.n = ? order by q.id', ['12']],
			['select p.id, q.label from p join q on q.p_id = p.id where p.code = ? order by q.id', [3]],
			['select p.id from p join q on q.p_id = p.id where p.b = ?', [Buffer.from([0, 255])]],
			['select p.id from p join q on q.p_id = p.id where p.r = ?', [1.5]],
			['select p.id, q.id from p left join q on q.p_id = p.id and q.label is ? order by p.id, q.id', [null]],
			['select p.id from p join q on q.p_id = p.id where p.path like ? escape ? order by q.id', ['/1/2/%', '\\']],
			['select q.id from q join p on p.id = q.p_id where q.p_id in (select value from json_each(?)) order by q.id limit ? offset ?', ['[2,3]', 2, 1]],
			['select count(*) filter (where q.label = ?) as n from q join p on p.id = q.p_id', ['z']]
		];
		for (const [sql, params] of cases) {
			expect(db.prepare(withStableParameters(sql)).all(...params), sql).toEqual(db.prepare(sql).all(...params));
		}
		db.prepare(withStableParameters('insert into q (id, p_id, label) values (?, ?, ?)')).run(14, 1, 'w?');
		db.prepare(withStableParameters('update q set label = ? where id = ?')).run(null, 10);
		expect(db.prepare('select id, label from q where p_id = 1 order by id').all()).toEqual([
			{ id: 10, label: null },
			{ id: 14, label: 'w?' }
		]);
	});

	it('keeps the indexes in use', () => {
		const db = new Database(':memory:');
		db.exec('create table s (id text primary key, user_id integer); create table u (id integer primary key, name text); create index s_user on s(user_id);');
		const plan = (sql: string) => (db.prepare(`explain query plan ${withStableParameters(sql)}`).all('x') as { detail: string }[]).map((r) => r.detail).join(' | ');
		expect(plan('select u.name from s join u on u.id = s.user_id where s.id = ?')).toBe('SEARCH s USING INDEX sqlite_autoindex_s_1 (id=?) | SEARCH u USING INTEGER PRIMARY KEY (rowid=?)');
		expect(plan('select s.id from s join u on u.id = s.user_id where u.id = ?')).toBe('SEARCH u USING INTEGER PRIMARY KEY (rowid=?) | SEARCH s USING INDEX s_user (user_id=?)');
	});
});
