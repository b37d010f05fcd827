import { describe, expect, it } from 'vitest';
import { readZip } from '../uploads/zip.ts';
import { DOCX_ZIP_LIMITS } from '../files/limits.ts';
import { inspectUpload } from '../files/inspect.ts';
import { docxText } from '../files/docx.ts';
import { summaryDocx } from './summary-docx.ts';

// The exported 工作总结 is a real Word document with the text exactly as saved, laid out as an
// official paper: title, "一、" headings in 黑体, "（一）" headings in 楷体, body in 仿宋.

const TEXT = ['第一支部“三个一”廉政教育活动工作总结', '今年以来，第一支部扎实开展活动。', '一、加强组织领导', '机关党委印发方案。', '二、做好规定动作', '（一）观看警示教育片。2026年4月10日，组织党员干部集中观看警示教育片《镜鉴》，参加46人次。', '三、做活自选动作', '（一）撰写心得体会。尚未开展。'].join('\n');

describe('the 工作总结 as .docx', () => {
	it('is a Word document our own upload check accepts, with every paragraph', async () => {
		const bytes = await summaryDocx(TEXT);
		const checked = await inspectUpload(bytes, '总结.docx', { docx: 10 });
		expect(checked.ok).toBe(true);
		if (!checked.ok) return;
		const { html } = await docxText(checked.file);
		for (const line of TEXT.split('\n')) expect(html).toContain(line.replace(/“/g, '“'));
	});

	it('sets the fonts of an official paper', async () => {
		const zip = await readZip(await summaryDocx(TEXT), DOCX_ZIP_LIMITS);
		const xml = zip.ok ? Buffer.from(zip.entries.get('word/document.xml')!).toString('utf8') : '';
		expect(xml).toMatch(/w:eastAsia="黑体"[^]*一、加强组织领导/);
		expect(xml).toMatch(/w:eastAsia="楷体_GB2312"[^]*（一）观看警示教育片。/);
		expect(xml).toMatch(/w:eastAsia="仿宋_GB2312"[^]*2026年4月10日/);
		expect(xml).toContain('w:jc w:val="center"');
	});
});
