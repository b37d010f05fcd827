import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash, frontMatterLine, splitFrontMatter } from '../frontmatter.ts';
import { ContentError, type ContentIssue } from '../issues.ts';
import { renderMarkdown } from '../markdown.ts';
import { parseQuestions, type ParsedQuestion } from '../questions/parse.ts';
import { parseRefList } from '../questions/refs-syntax.ts';
import { cleanText } from '../../text.ts';

// Reads one course folder (content/courses/NN-slug/) into plain data, collecting every problem.
// Nothing here touches the database: load.ts writes a course only when it parsed cleanly.

export type ParsedLesson = {
	slug: string;
	ordinal: number;
	file: string;
	title: string;
	minReadSeconds: number;
	refs: string[];
	/** The Markdown body, for the search index. */
	body: string;
	bodyHtml: string;
	charCount: number;
	/** Covers what the learner reads (title and body), not the reading minimum or refs. */
	hash: string;
};

export type ParsedQuiz = {
	file: string;
	title: string;
	passScore: number;
	timeLimitMinutes: number | null;
	introHtml: string;
	questions: ParsedQuestion[];
	hash: string;
};

export type ParsedCourse = {
	slug: string;
	ordinal: number;
	dir: string;
	title: string;
	summary: string;
	category: string;
	introHtml: string;
	hash: string;
	lessons: ParsedLesson[];
	quiz: ParsedQuiz | null;
};

export const DEFAULT_PASS_SCORE = 80;
/** Reading speed used when a lesson does not set min_read_seconds: about 500 Chinese characters a minute. */
export const CHARS_PER_MINUTE = 500;
export const MIN_READ_FLOOR_SECONDS = 20;
export const MIN_READ_CEILING_SECONDS = 600;

export const COURSE_DIR = /^(\d+)-([A-Za-z0-9][A-Za-z0-9_-]*)$/;
const LESSON_FILE = /^(\d+)-([A-Za-z0-9][A-Za-z0-9_-]*)\.md$/;
/** Lesson slugs that would collide with a route under /courses/[slug]/. */
const RESERVED_LESSON_SLUGS = new Set(['quiz']);

/** Characters a reader reads: Markdown syntax and white space do not count. */
export function readableCharCount(markdown: string): number {
	return markdown
		.replace(/```[\s\S]*?```/g, '')
		.replace(/!\[[^\]]*\]\([^)]*\)/g, '')
		.replace(/\]\([^)]*\)/g, '')
		.replace(/[#>*_`~|[\]-]/g, '')
		.replace(/\s+/g, '').length;
}

export function defaultMinReadSeconds(charCount: number): number {
	const seconds = Math.ceil((charCount / CHARS_PER_MINUTE) * 60);
	return Math.min(MIN_READ_CEILING_SECONDS, Math.max(MIN_READ_FLOOR_SECONDS, seconds));
}

type FieldSpec = { type: 'string' | 'int' | 'refs'; required?: boolean; min?: number; max?: number };

/** Validates front matter against a spec; unknown keys are errors so that typos are not silently ignored. */
function checkFields(
	source: string,
	file: string,
	data: Record<string, unknown>,
	spec: Record<string, FieldSpec>,
	errors: ContentIssue[]
): Record<string, string | number | string[] | undefined> {
	const out: Record<string, string | number | string[] | undefined> = {};
	const lineOf = (key: string) => frontMatterLine(source, key) ?? 1;
	for (const key of Object.keys(data)) {
		if (!(key in spec)) errors.push({ file, line: lineOf(key), message: `未知的文件头字段“${key}”（可用字段：${Object.keys(spec).join('、')}）` });
	}
	for (const [key, field] of Object.entries(spec)) {
		const value = data[key];
		if (value === undefined || value === null || value === '') {
			if (field.required) errors.push({ file, line: 1, message: `文件头缺少必填字段“${key}”` });
			continue;
		}
		if (field.type === 'string') {
			if (typeof value !== 'string' && typeof value !== 'number') errors.push({ file, line: lineOf(key), message: `文件头字段“${key}”应为文字` });
			else out[key] = String(value).trim();
		} else if (field.type === 'int') {
			const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
			if (!Number.isInteger(n) || n < (field.min ?? -Infinity) || n > (field.max ?? Infinity)) {
				errors.push({ file, line: lineOf(key), message: `文件头字段“${key}”应为 ${field.min ?? 0} 到 ${field.max} 之间的整数，现在是“${String(value)}”` });
			} else out[key] = n;
		} else {
			const text = Array.isArray(value) ? value.map(String).join(',') : String(value);
			const refs = parseRefList(text);
			for (const bad of refs.invalid) {
				errors.push({ file, line: lineOf(key), message: `文件头 refs 中“${bad}”格式不对，应写作 法规标识#条号，如 jilv-chufen-tiaoli-2023#98` });
			}
			out[key] = refs.refs;
		}
	}
	return out;
}

/** One entry of a course folder: a file with its text (Markdown files only), or a subfolder. */
export type FolderEntry = { name: string; kind: 'file' | 'dir'; text?: string };

/** A course folder of content/courses as entries; only .md files are read. */
export function readCourseFolder(contentDir: string, name: string): FolderEntry[] {
	const abs = join(contentDir, 'courses', name);
	return readdirSync(abs)
		.sort()
		.map((entry): FolderEntry => {
			if (!statSync(join(abs, entry)).isFile()) return { name: entry, kind: 'dir' };
			return entry.endsWith('.md') ? { name: entry, kind: 'file', text: readFileSync(join(abs, entry), 'utf8') } : { name: entry, kind: 'file' };
		});
}

function readFile(text: string, file: string, errors: ContentIssue[], required: boolean) {
	const source = cleanText(text, { multiline: true });
	try {
		return { source, ...splitFrontMatter(source, file, required) };
	} catch (e) {
		if (e instanceof ContentError) {
			errors.push(e.toIssue());
			return null;
		}
		throw e;
	}
}

/** Parses content/courses/<name>/ on disk (see parseCourseFolder). */
export function parseCourseDir(contentDir: string, name: string): { course: ParsedCourse | null; errors: ContentIssue[] } {
	return parseCourseFolder(name, readCourseFolder(contentDir, name));
}

/**
 * Parses one course folder, given as entries (from disk, from the admin console or from a .zip).
 * File names in errors are relative to content/. Returns the course, or null with the errors when
 * anything is wrong.
 */
export function parseCourseFolder(name: string, folder: FolderEntry[]): { course: ParsedCourse | null; errors: ContentIssue[] } {
	const errors: ContentIssue[] = [];
	const rel = `courses/${name}`;
	const dirMatch = COURSE_DIR.exec(name);
	if (!dirMatch) {
		return { course: null, errors: [{ file: rel, message: '课程文件夹名应为“两位序号-课程标识”，如 01-lianjie-zilv-zhunze（标识只用字母、数字、- 和 _）' }] };
	}
	const courseFile = `${rel}/course.md`;
	const courseEntry = folder.find((e) => e.name === 'course.md' && e.kind === 'file');
	if (!courseEntry) {
		return { course: null, errors: [{ file: courseFile, message: '缺少 course.md（课程说明，文件头必填 title）' }] };
	}

	const courseMd = readFile(courseEntry.text ?? '', courseFile, errors, true);
	const courseFields = courseMd
		? checkFields(courseMd.source, courseFile, courseMd.data, {
				title: { type: 'string', required: true },
				summary: { type: 'string' },
				category: { type: 'string' },
				pass_score: { type: 'int', min: 0, max: 100 }
			}, errors)
		: {};

	const lessons: ParsedLesson[] = [];
	let quiz: ParsedQuiz | null = null;
	const hashes: string[] = [courseMd?.source ?? ''];
	const entries = folder.map((e) => e.name);
	for (const { name: entry, kind, text } of [...folder].sort((a, b) => a.name.localeCompare(b.name))) {
		const file = `${rel}/${entry}`;
		if (entry === 'course.md' || entry.startsWith('.')) continue;
		if (kind === 'dir') {
			errors.push({ file, message: '课程文件夹中不应有子文件夹' });
			continue;
		}
		if (!entry.endsWith('.md')) continue; // images and notes beside the lessons are allowed
		if (entry === 'quiz.md') {
			quiz = parseQuizFile(text ?? '', file, errors, courseFields.pass_score as number | undefined);
			if (quiz) hashes.push(quiz.hash);
			continue;
		}
		const lessonMatch = LESSON_FILE.exec(entry);
		if (!lessonMatch) {
			errors.push({ file, message: '无法识别的文件：课时文件名应为“两位序号-标识.md”，如 01-beijing.md；测验题写在 quiz.md' });
			continue;
		}
		const slug = lessonMatch[2];
		if (RESERVED_LESSON_SLUGS.has(slug)) {
			errors.push({ file, message: `课时标识“${slug}”是保留字，请换一个文件名` });
			continue;
		}
		const duplicate = lessons.find((l) => l.slug === slug);
		if (duplicate) {
			errors.push({ file, message: `课时标识“${slug}”与 ${duplicate.file} 重复` });
			continue;
		}
		const lesson = parseLessonFile(text ?? '', file, slug, Number(lessonMatch[1]), errors);
		if (lesson) {
			lessons.push(lesson);
			hashes.push(`${lesson.slug}:${lesson.hash}:${lesson.minReadSeconds}:${lesson.refs.join(',')}`);
		}
	}
	if (!entries.some((e) => LESSON_FILE.test(e))) errors.push({ file: rel, message: '课程中没有课时文件（01-xxx.md）' });
	if (errors.length || !courseMd) return { course: null, errors };

	return {
		course: {
			slug: dirMatch[2],
			ordinal: Number(dirMatch[1]),
			dir: rel,
			title: courseFields.title as string,
			summary: (courseFields.summary as string | undefined) ?? '',
			category: (courseFields.category as string | undefined) ?? '',
			introHtml: renderMarkdown(courseMd.body),
			hash: contentHash(hashes.join('\n')),
			lessons,
			quiz
		},
		errors
	};
}

function parseLessonFile(source: string, file: string, slug: string, ordinal: number, errors: ContentIssue[]): ParsedLesson | null {
	const before = errors.length;
	const md = readFile(source, file, errors, true);
	if (!md) return null;
	const fields = checkFields(md.source, file, md.data, {
		title: { type: 'string', required: true },
		min_read_seconds: { type: 'int', min: 1, max: 7200 },
		refs: { type: 'refs' }
	}, errors);
	const body = md.body.trim();
	if (!body) errors.push({ file, line: md.bodyLine, message: '课时正文为空' });
	if (errors.length > before) return null;
	const charCount = readableCharCount(body);
	const title = fields.title as string;
	return {
		slug,
		ordinal,
		file,
		title,
		minReadSeconds: (fields.min_read_seconds as number | undefined) ?? defaultMinReadSeconds(charCount),
		refs: (fields.refs as string[] | undefined) ?? [],
		body,
		bodyHtml: renderMarkdown(body),
		charCount,
		hash: contentHash(`${title}\n${body}`)
	};
}

/** Reads a quiz file (front matter optional: title, pass_score, time_limit_minutes) and its questions. */
export function parseQuizFile(source: string, file: string, errors: ContentIssue[], coursePassScore?: number): ParsedQuiz | null {
	const before = errors.length;
	const md = readFile(source, file, errors, false);
	if (!md) return null;
	const fields = checkFields(md.source, file, md.data, {
		title: { type: 'string' },
		pass_score: { type: 'int', min: 0, max: 100 },
		time_limit_minutes: { type: 'int', min: 1, max: 600 }
	}, errors);
	const parsed = parseQuestions(md.body, file, md.bodyLine);
	errors.push(...parsed.errors);
	if (errors.length > before) return null;
	return {
		file,
		title: (fields.title as string | undefined) ?? '课程测验',
		// quiz.md's own pass_score wins over course.md's, so a quiz file can be moved with its setting.
		passScore: (fields.pass_score as number | undefined) ?? coursePassScore ?? DEFAULT_PASS_SCORE,
		timeLimitMinutes: (fields.time_limit_minutes as number | undefined) ?? null,
		introHtml: parsed.intro ? renderMarkdown(parsed.intro) : '',
		questions: parsed.questions,
		hash: contentHash(md.source.replace(/\r\n?/g, '\n') + String(coursePassScore ?? ''))
	};
}
