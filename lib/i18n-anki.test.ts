import { describe, expect, it } from 'vitest';
import { ANKI_SKIP_REASONS_EN, ankiSkip, type AnkiSkipCode } from './anki/skips';
import { skipReasonText, skipSubjectText, zhSkipTemplate } from './i18n-anki';

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
