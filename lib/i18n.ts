import type { Lang } from './accounts';

const messages = {
  appName: { zh: '机器学习研读', en: 'ML Study' },
  home: { zh: '文章', en: 'Articles' },
  account: { zh: '账户', en: 'Account' },
  logout: { zh: '退出', en: 'Log out' },
  login: { zh: '登录', en: 'Log in' },
  setupTitle: { zh: '创建管理员账户', en: 'Create the admin account' },
  setupIntro: {
    zh: '这是一个新的安装。第一个账户是管理员，之后可以邀请小组成员。',
    en: 'This is a fresh install. The first account is the admin, who can then invite the group.',
  },
  setupSubmit: { zh: '创建并登录', en: 'Create and sign in' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  passwordHint: { zh: '至少 8 个字符', en: 'At least 8 characters' },
  loginTitle: { zh: '登录', en: 'Sign in' },
  articlesTitle: { zh: '十二篇文章', en: 'The twelve articles' },
  articlesIntro: {
    zh: '每篇文章有一组卡片和可计算的练习，答案由计算来检验。',
    en: 'Each article comes with cards and computed exercises whose answers are checked by computing them.',
  },
  cards: { zh: '张卡片', en: 'cards' },
  exercises: { zh: '练习', en: 'Exercises' },
  exerciseFamilies: { zh: '类练习', en: 'exercise families' },
  summary: { zh: '概要', en: 'Summary' },
  cardsHeading: { zh: '卡片', en: 'Cards' },
  sourceExcerpt: { zh: '原文摘录', en: 'Source excerpt (Chinese)' },
  category: { zh: '分类', en: 'Category' },
  changePassword: { zh: '修改密码', en: 'Change password' },
  currentPassword: { zh: '当前密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  save: { zh: '保存', en: 'Save' },
  saved: { zh: '已保存', en: 'Saved' },
  passwordChanged: { zh: '密码已修改，其他设备上的登录已失效。', en: 'Password changed; other devices were signed out.' },
  language: { zh: '语言', en: 'Language' },
  signedInAs: { zh: '当前用户', en: 'Signed in as' },
  role: { zh: '角色', en: 'Role' },
  notFound: { zh: '找不到这个页面。', en: 'This page does not exist.' },
  backHome: { zh: '返回文章列表', en: 'Back to the articles' },
  problemCard: { zh: '练习', en: 'Exercise' },
  level: { zh: '难度', en: 'Level' },
  cloze: { zh: '填空', en: 'Cloze' },
  networkError: { zh: '网络错误，请重试。', en: 'Network error; please try again.' },
  admin: { zh: '管理', en: 'Admin' },
  joinTitle: { zh: '加入学习小组', en: 'Join the study group' },
  joinIntro: { zh: '用邀请码创建你的账户。', en: 'Create your account with an invite code.' },
  inviteCode: { zh: '邀请码', en: 'Invite code' },
  joinSubmit: { zh: '创建账户', en: 'Create account' },
  invites: { zh: '邀请', en: 'Invites' },
  newInvite: { zh: '生成邀请链接', en: 'Create an invite link' },
  maxUses: { zh: '可用次数', en: 'Uses' },
  expiresInDays: { zh: '有效天数', en: 'Valid for (days)' },
  revoke: { zh: '撤销', en: 'Revoke' },
  members: { zh: '成员', en: 'Members' },
  disable: { zh: '停用', en: 'Disable' },
  enable: { zh: '启用', en: 'Enable' },
  resetPassword: { zh: '重设密码', en: 'Reset password' },
  status: { zh: '状态', en: 'Status' },
  active: { zh: '有效', en: 'active' },
  inactive: { zh: '失效', en: 'inactive' },
  disabled: { zh: '已停用', en: 'disabled' },
  expires: { zh: '到期', en: 'Expires' },
  never: { zh: '永不', en: 'never' },
  backup: { zh: '备份', en: 'Backup' },
  downloadBackup: { zh: '下载数据库备份', en: 'Download a database backup' },
  backupHint: {
    zh: '应用运行时也能得到一致的 SQLite 副本。恢复方法见 README。',
    en: 'A consistent SQLite copy, taken while the app runs. README says how to restore it.',
  },
  studySettings: { zh: '学习设置', en: 'Study settings' },
  newPerDay: { zh: '每天新卡片上限', en: 'New cards per day' },
  reviewsPerDay: { zh: '每天复习上限', en: 'Reviews per day' },
  dayStartHour: { zh: '新的一天开始于（时）', en: 'A new day starts at (hour)' },
  timeZone: { zh: '时区', en: 'Time zone' },
  desiredRetention: { zh: '目标记忆保持率', en: 'Desired retention' },
  desiredRetentionHint: {
    zh: '越高复习越频繁；0.9 表示复习时约有 90% 的把握记得。',
    en: 'Higher means more frequent reviews; 0.9 aims to recall about 90% of cards when they come due.',
  },
  shareProgress: { zh: '允许小组成员看到我的进度', en: 'Let group members see my progress' },
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof messages;

/** The UI text for `key` in `lang`. */
export function t(lang: Lang, key: MessageKey): string {
  return messages[key][lang];
}

/** All UI texts of one language, for client components. */
export function dictionary(lang: Lang): Record<MessageKey, string> {
  return Object.fromEntries(Object.entries(messages).map(([key, value]) => [key, value[lang]])) as Record<MessageKey, string>;
}
