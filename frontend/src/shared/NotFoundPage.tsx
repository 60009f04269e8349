import { Link, Page } from './ui';

/** NotFoundPage answers paths the app does not know. */
export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>There is no page at this address. Check the link, or go back to your projects.</p>
      <p>
        <Link to="/">Your projects</Link>
      </p>
    </Page>
  );
}
