// Applies migrations and loads content into the database named by DATABASE_URL (default ./data/study.db).
import { databaseUrl, redactUrl } from '../lib/database-url';
import { prepareDatabase } from '../lib/prepare';

const url = databaseUrl();
const report = await prepareDatabase(url);
console.log(
  `database ready at ${redactUrl(url.replace(/^file:/, ''))}: ${report.articles} articles, ` +
    `${report.cardsAdded} cards added, ${report.cardsUpdated} updated, ${report.cardsRetired} retired`,
);
