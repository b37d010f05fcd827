import { parse as parseYaml } from 'yaml';
import { createHash } from 'node:crypto';
import { ContentError } from './issues.ts';

export type FrontMatterFile = {
	data: Record<string, unknown>;
	body: string;
	/** 1-based line number in the file where the body starts, so body errors can name real lines. */
	bodyLine: number;
};

/**
 * Splits `---` YAML front matter from the body. Accepts a UTF-8 BOM and CRLF line endings, as
 * files saved by Windows editors have them.
 */
export function splitFrontMatter(source: string, file: string, required = false): FrontMatterFile {
	const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
	if (!text.startsWith('---\n')) {
		if (required) throw new ContentError(file, 1, '缺少文件头（文件应以 --- 开始的 YAML 文件头开头）');
		return { data: {}, body: text, bodyLine: 1 };
	}
	const end = text.indexOf('\n---', 4);
	if (end === -1) throw new ContentError(file, 1, '文件头没有结束的 --- 行');
	const yamlText = text.slice(4, end);
	let data: unknown;
	try {
		data = parseYaml(yamlText) ?? {};
	} catch (e) {
		const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
		throw new ContentError(file, line ? line + 1 : 1, `文件头 YAML 格式错误：${(e as Error).message.split('\n')[0]}`);
	}
	if (typeof data !== 'object' || Array.isArray(data) || data === null) throw new ContentError(file, 2, '文件头必须是“字段: 值”的形式');
	const afterFence = text.indexOf('\n', end + 1);
	const body = afterFence === -1 ? '' : text.slice(afterFence + 1);
	const bodyLine = text.slice(0, afterFence === -1 ? text.length : afterFence + 1).split('\n').length;
	return { data: data as Record<string, unknown>, body, bodyLine };
}

/** Line (1-based) of a front-matter key, for error messages. */
export function frontMatterLine(source: string, key: string): number | undefined {
	const lines = source.replace(/\r\n?/g, '\n').split('\n');
	const i = lines.findIndex((l) => l.startsWith(`${key}:`));
	return i === -1 ? undefined : i + 1;
}

export function contentHash(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
