import { HttpError, route } from '@/lib/http';

// Unknown API paths answer JSON 404s, not the HTML page.
const notFound = route(async () => {
  throw new HttpError(404, 'no such API endpoint');
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
