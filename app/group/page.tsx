import type { Metadata } from 'next';
import Link from 'next/link';
import { groupActivity, groupProgress, type SharedMember } from '@/lib/group-progress';
import { t, type MessageKey } from '@/lib/i18n';
import { topicTitles } from '@/lib/progress';
import { pageLang, requirePageUser } from '@/lib/session';
import { ActivityCharts } from '../progress/_charts/activity-charts';
import { ChartFigure } from '../progress/_charts/chart-figure';
import { dayCount, percent } from '../progress/_charts/format';
import { MasteryChart } from '../progress/_charts/mastery-chart';

export const metadata: Metadata = { title: 'Group' };

/** Mean recall over all of a member's reviewed cards (topic means weighted by their reviewed cards). */
function overallRecall(member: SharedMember): number | null {
  const reviewed = member.topics.reduce((sum, topic) => sum + topic.reviewed, 0);
  return reviewed > 0 ? member.topics.reduce((sum, topic) => sum + (topic.recall ?? 0) * topic.reviewed, 0) / reviewed : null;
}

export default async function GroupPage() {
  const user = await requirePageUser();
  const lang = await pageLang(user);
  const now = new Date();
  const [progress, activity, titles] = await Promise.all([groupProgress(user, now), groupActivity(user, now), topicTitles(lang)]);
  const text = (key: MessageKey) => t(lang, key);
  const sharing = progress.members.filter((member): member is SharedMember => member.shared);
  const name = (member: { username: string; you: boolean }) => (member.you ? `${member.username}${text('you')}` : member.username);
  return (
    <section className="progress">
      <h1>{text('groupTitle')}</h1>
      <p className="muted">{text('groupIntro')}</p>
      {!user.shareProgress && (
        <p className="notice" data-testid="not-sharing">
          {text('youDoNotShare')} <Link href="/account">{text('changeInSettings')}</Link>
        </p>
      )}
      <div className="table-wrap">
        <table className="group-members" data-testid="group-members">
          <thead>
            <tr>
              <th scope="col">{text('member')}</th>
              <th scope="col">{text('streak')}</th>
              <th scope="col">{text('reviewsThisWeek')}</th>
              <th scope="col">{text('reviewed')}</th>
              <th scope="col">{text('recall')}</th>
            </tr>
          </thead>
          <tbody>
            {progress.members.map((member) => (
              <tr key={member.username} data-member={member.username}>
                <th scope="row">{name(member)}</th>
                {member.shared ? (
                  <>
                    <td>{dayCount(member.streak, lang)}</td>
                    <td>{member.reviewsThisWeek}</td>
                    <td>{`${member.topics.reduce((sum, topic) => sum + topic.reviewed, 0)} / ${member.topics.reduce((sum, topic) => sum + topic.cards, 0)}`}</td>
                    <td>{percent(overallRecall(member))}</td>
                  </>
                ) : (
                  <td colSpan={4} className="muted">
                    {text('notShared')}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sharing.length === 0 ? (
        <p data-testid="none-shared">{text('noneShared')}</p>
      ) : (
        <>
          <ChartFigure
            id="group-mastery"
            title={text('groupMastery')}
            note={text('groupMasteryNote')}
            showData={text('showData')}
            table={{
              columns: [text('topic'), text('reviewed'), text('learned'), text('recall'), text('accuracy')],
              rows: progress.topics.map((topic) => [
                titles.get(topic.slug) ?? topic.slug,
                `${topic.reviewed}/${topic.cards * topic.members}`,
                topic.learned,
                percent(topic.recall),
                percent(topic.accuracy),
              ]),
            }}
          >
            <MasteryChart
              text={{ learned: text('learned'), started: text('started'), notStarted: text('notStarted'), recall: text('recall') }}
              rows={progress.topics.map((topic) => ({
                slug: topic.slug,
                title: titles.get(topic.slug) ?? topic.slug,
                total: topic.cards * topic.members,
                learned: topic.learned,
                reviewed: topic.reviewed,
                recall: topic.recall,
              }))}
            />
          </ChartFigure>
          <h2>{text('perTopic')}</h2>
          <div className="table-wrap">
            <table className="group-topics" data-testid="group-topics">
              <thead>
                <tr>
                  <th scope="col">{text('topic')}</th>
                  {sharing.map((member) => (
                    <th key={member.username} scope="col">
                      {name(member)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {progress.topics.map((topic, i) => (
                  <tr key={topic.slug}>
                    <th scope="row">{titles.get(topic.slug) ?? topic.slug}</th>
                    {/* NOTE: one text per cell (not four): a group of 20 has 240 cells, each part a node to render twice. */}
                    {sharing.map((member) => (
                      <td key={member.username}>{`${member.topics[i]!.reviewed}/${member.topics[i]!.cards} · ${percent(member.topics[i]!.recall)}`}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ActivityCharts activity={activity} lang={lang} heatmapTitle={text('groupHeatmap')} idPrefix="group-" />
        </>
      )}
    </section>
  );
}
