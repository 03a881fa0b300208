import type { User } from '@prisma/client';
import { sqlDb } from './db';
import { HttpError } from './http';
import { decodeUser, selectUser } from './rows';
import { sql } from './sql';
import { calendarOf, topicProgressOf, type TopicProgress } from './progress';
import { reviewActivity, reviewsThisWeek, studyStreaks, type ReviewActivity } from './progress-activity';

/** A member who shares their progress, with their figures (each in their own time zone and day start). */
export interface SharedMember {
  readonly username: string;
  readonly you: boolean;
  readonly shared: true;
  /** Consecutive study days with a review, ending today or yesterday. */
  readonly streak: number;
  /** Reviews since the start of the member's current study week (Monday). */
  readonly reviewsThisWeek: number;
  readonly topics: readonly TopicProgress[];
}

/** A member who does not share: listed by name, without any figure. */
export interface HiddenMember {
  readonly username: string;
  readonly you: boolean;
  readonly shared: false;
}

/**
 * One topic over the sharing members: `reviewed` and `learned` are sums over them, `recall` the mean
 * of their recalls (members with reviewed cards only), `accuracy` pooled over all their attempts.
 */
export interface GroupTopic {
  readonly slug: string;
  readonly cards: number;
  readonly members: number;
  readonly reviewed: number;
  readonly learned: number;
  readonly recall: number | null;
  readonly accuracy: number | null;
}

/** `GET /api/v1/group/progress`: the caller's group, where only sharing members show figures. */
export interface GroupProgress {
  readonly group: { readonly id: string; readonly name: string };
  readonly members: readonly (SharedMember | HiddenMember)[];
  readonly topics: readonly GroupTopic[];
}

/** The viewer's group and its active (not disabled) members in joining order; 403 outside any group. One statement. */
async function groupOf(viewer: User): Promise<{ group: { id: string; name: string }; users: User[] }> {
  const rows = await sqlDb.query(sql`
    select g."id" as "groupId", g."name" as "groupName", ${selectUser('u')}
    from (select m."groupId" as id from "Membership" m where m."userId" = ${viewer.id} order by m."joinedAt" limit 1) mine
      join "Group" g on g."id" = mine.id
      left join "Membership" m on m."groupId" = g."id" and exists (select 1 from "User" active where active."id" = m."userId" and active."disabledAt" is null)
      left join "User" u on u."id" = m."userId"
    order by m."joinedAt"`);
  if (rows.length === 0) throw new HttpError(403, 'you are not in a study group');
  return {
    group: { id: String(rows[0]!.groupId), name: String(rows[0]!.groupName) },
    users: rows.filter((row) => row['u.id'] !== null).map((row) => decodeUser(row, 'u')),
  };
}

function groupTopics(members: readonly SharedMember[]): GroupTopic[] {
  const slugs = members[0]?.topics.map((topic) => topic.slug) ?? [];
  return slugs.map((slug, i) => {
    const topics = members.map((member) => member.topics[i]!);
    const recalls = topics.flatMap((topic) => (topic.recall === null ? [] : [topic.recall]));
    const attempts = topics.reduce((sum, topic) => sum + topic.attempts, 0);
    const correct = topics.reduce((sum, topic) => sum + Math.round((topic.accuracy ?? 0) * topic.attempts), 0);
    return {
      slug,
      cards: topics[0]!.cards,
      members: topics.length,
      reviewed: topics.reduce((sum, topic) => sum + topic.reviewed, 0),
      learned: topics.reduce((sum, topic) => sum + topic.learned, 0),
      recall: recalls.length > 0 ? recalls.reduce((a, b) => a + b, 0) / recalls.length : null,
      accuracy: attempts > 0 ? correct / attempts : null,
    };
  });
}

/** The viewer's group: every active member, with figures only for those who share their progress. */
export async function groupProgress(viewer: User, now: Date): Promise<GroupProgress> {
  const { group, users } = await groupOf(viewer);
  const sharing = users.filter((user) => user.shareProgress);
  const learners = sharing.map((user) => ({ id: user.id, calendar: calendarOf(user) }));
  const [topics, streaks, reviews] = await Promise.all([topicProgressOf(sharing, now), studyStreaks(learners, now), reviewsThisWeek(learners, now)]);
  const members = users.map((member): SharedMember | HiddenMember => {
    const base = { username: member.username, you: member.id === viewer.id };
    if (!member.shareProgress) return { ...base, shared: false };
    return { ...base, shared: true, streak: streaks.get(member.id)!, reviewsThisWeek: reviews.get(member.id)!, topics: topics.get(member.id)! };
  });
  return { group, members, topics: groupTopics(members.filter((m): m is SharedMember => m.shared)) };
}

/**
 * The review activity of the sharing members together (`?detail=1`, the group page's charts), in the
 * viewer's study days.
 */
export async function groupActivity(viewer: User, now: Date): Promise<ReviewActivity> {
  const { users } = await groupOf(viewer);
  const sharing = users.filter((user) => user.shareProgress).map((user) => user.id);
  return reviewActivity(sharing, calendarOf(viewer), now);
}
