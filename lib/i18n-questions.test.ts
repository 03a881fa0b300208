import { describe, expect, it } from 'vitest';
import { QUESTION_MESSAGES_EN, type QuestionMessageCode } from '@/engine/questions';
import { questionText, zhTemplate } from './i18n-questions';

const placeholders = (template: string) => [...template.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]).sort();

describe('question-file messages in Chinese', () => {
  it('has a Chinese template for every engine code, with the same placeholders as the English', () => {
    for (const [code, en] of Object.entries(QUESTION_MESSAGES_EN)) {
      const zh = zhTemplate(code as QuestionMessageCode);
      expect(zh, code).toBeDefined();
      expect(placeholders(zh as string), code).toEqual(placeholders(en));
      // Chinese text, except for templates that are pure syntax (file keys, examples) or a pass-through.
      if (!['engine-error', 'condition-error', 'title-format', 'key-text', 'levels-format', 'answer-format', 'feedback-format', 'feedback-code', 'draw-polynomial'].includes(code)) {
        expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('renders nested messages in one language, keeping verbatim args', () => {
    const message = {
      code: 'test-fails',
      args: {
        seed: 3,
        level: 'easy',
        detail: { code: 'test-mismatch', args: { answer: '"12"', want: { code: 'want-incorrect-note', args: { note: 'forgot-half' } }, got: { code: 'verdict-correct', args: { note: 'correct' } } } },
      },
    } as const;
    expect(questionText(message, 'en')).toBe('test fails at seed 3, level easy: answer "12" should be incorrect (note forgot-half) but is correct (note correct)');
    expect(questionText(message, 'zh')).toBe('测试在种子 3、难度 easy 时失败：答案 "12" 应判为错误（提示代码 forgot-half），实际判为正确（提示代码 correct）');
    expect(questionText({ code: 'too-slow', args: { seconds: 10 } }, 'zh')).toMatch(/超过了 10 秒/);
  });
});
