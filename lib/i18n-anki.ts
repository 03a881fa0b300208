// UI texts of Anki interop (issue 13): the import page and the export buttons, merged into lib/i18n.ts's messages;
// and why the import leaves something out, in zh and en (codes and English templates: lib/anki/skips.ts).
import type { Lang } from './accounts';
import { ANKI_SKIP_REASONS_EN, fillSkipTemplate, type AnkiSkip, type AnkiSkipCode } from './anki/skips';

export const ankiMessages = {
  ankiImport: { zh: '导入 Anki 牌组', en: 'Import Anki decks' },
  ankiImportIntro: {
    zh: '上传 Anki 的牌组包（.apkg）、收藏包（.colpkg）或文本导出（.txt / .csv）。先检查将创建什么、跳过什么及原因，确认后才导入。每个牌组成为一篇文章；再次导入同一牌组会更新已有卡片，不会重复。',
    en: 'Upload an Anki deck package (.apkg), collection package (.colpkg) or text export (.txt / .csv). You first see what will be created and what is skipped, and why; nothing is imported until you confirm. Each deck becomes an article; importing the same deck again updates its cards instead of duplicating them.',
  },
  ankiFile: { zh: 'Anki 文件', en: 'Anki file' },
  ankiHistory: { zh: '同时导入我的复习记录（成为我的复习历史，卡片从 Anki 停下的地方继续）', en: 'Also bring my review history (it becomes my own reviews, and the cards continue where Anki left off)' },
  ankiCheck: { zh: '检查文件', en: 'Check the file' },
  ankiChecking: { zh: '正在读取……', en: 'Reading…' },
  ankiConfirm: { zh: '确认导入', en: 'Import now' },
  ankiImporting: { zh: '正在导入……', en: 'Importing…' },
  ankiWillCreate: { zh: '将会创建', en: 'Will be created' },
  ankiCreated: { zh: '已导入', en: 'Imported' },
  ankiDecks: { zh: '牌组 → 文章', en: 'Decks → articles' },
  ankiNewArticle: { zh: '新文章', en: 'new article' },
  ankiExistingArticle: { zh: '已有文章', en: 'existing article' },
  ankiNotes: { zh: '笔记', en: 'Notes' },
  ankiNotesNew: { zh: '新笔记', en: 'new notes' },
  ankiNotesUpdated: { zh: '更新的笔记', en: 'updated notes' },
  ankiNotesUnchanged: { zh: '未变的笔记', en: 'unchanged notes' },
  ankiCards: { zh: '张新卡片', en: 'new cards' },
  ankiCardsUpdated: { zh: '张更新的卡片', en: 'updated cards' },
  ankiMedia: { zh: '张图片', en: 'images' },
  ankiReviews: { zh: '条复习记录', en: 'reviews' },
  ankiSkipped: { zh: '跳过的内容', en: 'Skipped' },
  ankiSkippedMore: { zh: '另有 {n} 项未列出', en: '{n} more not listed' },
  ankiNothingSkipped: { zh: '没有跳过任何内容。', en: 'Nothing is skipped.' },
  ankiOpenArticle: { zh: '打开', en: 'Open' },
  ankiFromAuthoring: { zh: '从 Anki 导入牌组', en: 'Import decks from Anki' },
  articleCardsCapped: { zh: '这里只列出前 {n} 条；全部卡片请到浏览页查看。', en: 'Only the first {n} are listed here; browse to see every card.' },
  exportApkg: { zh: '导出为 Anki 牌组（.apkg）', en: 'Export as an Anki deck (.apkg)' },
  exportApkgHistory: { zh: '导出 .apkg（含我的复习记录）', en: 'Export .apkg with my review history' },
} as const;

/** Chinese templates of every skip code, with the English one's placeholders (tsc checks that none is missing). */
const SKIP_REASONS_ZH: Readonly<Record<AnkiSkipCode, string>> = {
  'note-bad-ids': '它的 id 或笔记类型 id 不是整数',
  'note-unknown-notetype': '它的笔记类型 {notetype} 不在这个收藏中',
  'field-too-long': '第 {field} 个字段超过 {max} 个字符',
  'active-element': '字段 {field} 含有 <{element}> 元素',
  'active-handler': '字段 {field} 含有事件处理属性（{handler}=）',
  'active-link': '字段 {field} 含有 {scheme}: 链接',
  'card-bad-values': '某一列的值不是整数',
  'card-note-missing': '它的笔记 {note} 没有导入',
  'card-deck-missing': '它的牌组 {deck} 不在这个收藏中',
  'revlog-invalid': '这些记录所属的卡片没有导入，或记录中的值无效',
  'media-listed-twice': '包里这个文件名出现了两次，保留第一个',
  'row-no-text': '这一行没有字段内容',
  'row-no-cloze': '这条填空笔记没有 {{c1::…}} 挖空',
  'cloze-deletion-missing': '笔记的第一个字段里没有挖空 c{index}',
  'question-empty': '它的问题面是空的',
  'note-no-cards': '它没有卡片',
  'deck-no-cards': '它本身不含卡片',
  'media-unused': '没有导入的卡片用到它',
  'revlog-cards-not-imported': '它们所属的卡片没有导入',
  'revlog-ignored-by-fsrs': 'FSRS 不使用这些记录（临时复习、手动改期、重置之前的历史）',
  'revlog-not-asked': '没有选择导入复习记录',
  'media-not-image': '它不是 PNG、JPEG、GIF 或 WebP 图片（卡片上只显示图片）',
  'media-too-large': '它超过了 {max} MiB',
  'tag-invalid': '笔记 {note}：标签最多 {max} 个字符，且不能含引号',
  'tag-too-many': '笔记 {note}：一张卡片最多保留 {max} 个标签',
  'note-field-too-long': '转换后有字段超过 {max} 个字符',
  'note-answer-empty': '它的答案面是空的',
  'note-check-failed': '{path}：{detail}',
  'note-retired': '它以前导入为 {note}，后来在应用里被停用了；先在应用里恢复它，才能更新',
  'revlog-cards-skipped': '它们所属的卡片被跳过了',
};

const SKIP_WHAT_ZH: Readonly<Record<AnkiSkip['what'], string>> = {
  note: '笔记',
  card: '卡片',
  revlog: '复习记录',
  deck: '牌组',
  notetype: '笔记类型',
  media: '媒体文件',
  row: '行',
  tag: '标签',
};

/**
 * Why something was skipped, in `lang` (a skip without a known code, from an older server, keeps its English reason).
 *
 * @example
 * skipReasonText({ code: 'card-deck-missing', args: { deck: 7 }, reason: '…' }, 'zh')  // '它的牌组 7 不在这个收藏中'
 */
export function skipReasonText(skip: Pick<AnkiSkip, 'code' | 'args' | 'reason'>, lang: Lang): string {
  const template = lang === 'zh' ? SKIP_REASONS_ZH[skip.code] : ANKI_SKIP_REASONS_EN[skip.code];
  return template === undefined ? skip.reason : fillSkipTemplate(template, skip.args ?? {});
}

/** What was skipped, in `lang`: its kind and id ('note gBasic001', 'revlog 3 rows'; '笔记 gBasic001', '复习记录 3 条'). */
export function skipSubjectText(skip: Pick<AnkiSkip, 'what' | 'id' | 'args'>, lang: Lang): string {
  if (lang === 'en') return `${skip.what} ${skip.id}`;
  const rows = skip.args?.rows;
  if (skip.what === 'revlog' && typeof rows === 'number') return `复习记录 ${rows} 条`;
  if (skip.what === 'row') return `第 ${skip.id} 行`;
  return `${SKIP_WHAT_ZH[skip.what] ?? skip.what} ${skip.id}`;
}

/** The Chinese template of a code (for the test that every code has one). */
export const zhSkipTemplate = (code: AnkiSkipCode): string | undefined => SKIP_REASONS_ZH[code];
