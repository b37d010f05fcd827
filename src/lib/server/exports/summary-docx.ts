import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';

// A 工作总结 as a Word document laid out like an official paper (党政机关公文格式, GB/T 9704): title
// in 小标宋 二号 centred, body in 仿宋 三号 with a two-character first-line indent and 28-point lines,
// "一、" headings in 黑体 and "（一）" headings in 楷体. The text is exactly what the organizer
// saved (or the draft from the records); the export changes nothing.

const LATIN = 'Times New Roman';
const font = (eastAsia: string) => ({ ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia });
const BODY_SIZE = 32; // half-points: 16 pt, 三号
const LINE = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt

function paragraph(line: string): Paragraph {
	const trimmed = line.trim();
	if (/^[一二三四五六七八九十]+、/.test(trimmed)) {
		return new Paragraph({ indent: { firstLine: 640 }, spacing: LINE, children: [new TextRun({ text: trimmed, font: font('黑体'), size: BODY_SIZE })] });
	}
	const sub = /^（[一二三四五六七八九十]+）[^。]*。?/.exec(trimmed);
	if (sub) {
		// "（一）观看警示教育片。" in 楷体, the rest of the paragraph in the body font.
		const rest = trimmed.slice(sub[0].length);
		return new Paragraph({
			indent: { firstLine: 640 },
			spacing: LINE,
			children: [new TextRun({ text: sub[0], font: font('楷体_GB2312'), size: BODY_SIZE }), ...(rest ? [new TextRun({ text: rest, font: font('仿宋_GB2312'), size: BODY_SIZE })] : [])]
		});
	}
	return new Paragraph({ indent: { firstLine: 640 }, spacing: LINE, children: [new TextRun({ text: trimmed, font: font('仿宋_GB2312'), size: BODY_SIZE })] });
}

/** The text's first line is the title; every further non-empty line is a paragraph. */
export async function summaryDocx(text: string): Promise<Buffer> {
	const [title = '工作总结', ...rest] = text.split('\n').filter((l) => l.trim());
	const doc = new Document({
		creator: '清风学堂',
		title: title.trim(),
		sections: [
			{
				properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
				children: [
					new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 560 }, children: [new TextRun({ text: title.trim(), font: font('方正小标宋简体'), size: 44 })] }),
					...rest.map(paragraph)
				]
			}
		]
	});
	return await Packer.toBuffer(doc);
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
