import { describe, expect, it } from 'vitest';
import { ANKI_REFUSALS_EN, refusalMessage, type AnkiRefusalCode } from './anki/refusals';
import { ANKI_SKIP_REASONS_EN, ankiSkip, type AnkiSkipCode } from './anki/skips';
import { refusalText, skipReasonText, skipSubjectText, zhRefusalTemplate, zhSkipTemplate } from './i18n-anki';

const placeholders = (template: string) => [...template.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]).sort();

describe('Anki import skip reasons in zh and en', () => {
  it('has a Chinese template for every code, with the same placeholders as the English one', () => {
    const codes = Object.keys(ANKI_SKIP_REASONS_EN) as AnkiSkipCode[];
    expect(codes.length).toBeGreaterThan(25);
    for (const code of codes) {
      const zh = zhSkipTemplate(code);
      expect(zh, code).toBeDefined();
      expect(placeholders(zh!), code).toEqual(placeholders(ANKI_SKIP_REASONS_EN[code]));
      // Chinese text, except the one template that only passes an authoring check's message through.
      if (code !== 'note-check-failed') expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('renders a skip in either language from its code and arguments; the English is the API\'s reason', () => {
    const skip = ankiSkip('note', 'gBasic001', 'active-handler', { field: '"Back"', handler: 'onerror' });
    expect(skip.reason).toBe('its field "Back" contains an event handler (onerror=)');
    expect(skipReasonText(skip, 'en')).toBe(skip.reason);
    expect(skipReasonText(skip, 'zh')).toBe('字段 "Back" 含有事件处理属性（onerror=）');
    const rows = ankiSkip('revlog', '3 rows', 'revlog-ignored-by-fsrs', { rows: 3 });
    expect(`${skipSubjectText(rows, 'zh')}：${skipReasonText(rows, 'zh')}`).toBe('复习记录 3 条：FSRS 不使用这些记录（临时复习、手动改期、重置之前的历史）');
    expect(`${skipSubjectText(rows, 'en')}: ${skipReasonText(rows, 'en')}`).toBe('revlog 3 rows: FSRS ignores them (cramming, manual rescheduling, history before a reset)');
    expect(skipSubjectText(ankiSkip('row', '12', 'row-no-text'), 'zh')).toBe('第 12 行');
    // The cloze example in a template is text, not a placeholder.
    expect(skipReasonText(ankiSkip('row', '2', 'row-no-cloze'), 'zh')).toBe('这条填空笔记没有 {{c1::…}} 挖空');
  });

  it('keeps the English reason of a code it does not know (an answer from another version of the server)', () => {
    expect(skipReasonText({ code: 'from-the-future' as AnkiSkipCode, args: {}, reason: 'some reason' }, 'zh')).toBe('some reason');
  });
});

describe('Anki import refusals in zh and en', () => {
  it('has a Chinese template for every refusal code, with the same placeholders as the English one (each plural form)', () => {
    const codes = Object.keys(ANKI_REFUSALS_EN) as AnkiRefusalCode[];
    expect(codes.length).toBeGreaterThan(60);
    for (const code of codes) {
      const zh = zhRefusalTemplate(code);
      expect(zh, code).toBeDefined();
      expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
      const en = ANKI_REFUSALS_EN[code];
      for (const form of typeof en === 'string' ? [en] : [en.one, en.other]) expect(placeholders(zh!), code).toEqual(placeholders(form));
    }
  });

  it("renders a refusal in either language from its code and arguments; the English is the API's error", () => {
    const answer = { code: 'zip-entry-too-large', args: { name: 'collection.anki2', size: '257.0', max: '256.0' } } as const;
    const error = refusalMessage(answer.code, answer.args);
    expect(error).toBe('"collection.anki2" unpacks to 257.0 MiB; the limit per entry is 256.0 MiB.');
    expect(refusalText({ error, ...answer }, 'en')).toBe(error);
    expect(refusalText({ error, ...answer }, 'zh')).toBe('"collection.anki2" 解压后有 257.0 MiB，单个条目的上限是 256.0 MiB。');
  });

  it('chooses the English plural form by count', () => {
    expect(refusalMessage('script-in-fields', { count: 1, note: 'g1', reason: 'x' })).toContain('(1 note; first: note g1: x)');
    expect(refusalMessage('script-in-fields', { count: 3, note: 'g1', reason: 'x' })).toContain('(3 notes; first: note g1: x)');
  });

  it("says the first problems in the reader's language where the English error quotes them", () => {
    const problems = [
      ankiSkip('note', 'gBasic001', 'active-handler', { field: '"Back"', handler: 'onerror' }),
      ankiSkip('note', 'gCloze001', 'active-link', { field: '"Back Extra"', scheme: 'javascript' }),
    ];
    const script = { code: 'script-in-fields' as const, args: { count: 2, note: 'gBasic001', reason: problems[0]!.reason }, problems };
    const scriptError = refusalMessage(script.code, script.args);
    expect(refusalText({ error: scriptError, ...script }, 'en')).toBe(scriptError);
    expect(refusalText({ error: scriptError, ...script }, 'zh')).toBe('文件的字段里含有脚本，本应用从不运行脚本（2 条笔记；第一条：笔记 gBasic001：字段 "Back" 含有事件处理属性（onerror=））。没有导入任何内容：请在 Anki 中删除后重新导出。');
    const skipped = problems.map((skip) => `${skip.what} ${skip.id}: ${skip.reason}`).join('; ');
    const none = { code: 'no-importable-cards' as const, args: { skipped }, problems };
    expect(refusalText({ error: refusalMessage(none.code, none.args), ...none }, 'zh')).toBe(
      '文件里没有本应用能导入的卡片（笔记 gBasic001：字段 "Back" 含有事件处理属性（onerror=）；笔记 gCloze001：字段 "Back Extra" 含有 javascript: 链接）。',
    );
  });

  it('keeps the English error of an answer without a code it knows (another version of the server, or another error)', () => {
    expect(refusalText({ error: 'some error', code: 'from-the-future', args: {} }, 'zh')).toBe('some error');
    expect(refusalText({ error: 'sign in first' }, 'zh')).toBe('sign in first');
    expect(refusalText({ error: 'x', code: 'toString' }, 'zh')).toBe('x');
  });
});
