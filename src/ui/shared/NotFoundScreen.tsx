import { Link } from 'react-router';
import { useDocumentTitle } from './hooks/use-document-title';

export function NotFoundScreen() {
  useDocumentTitle('Page not found');
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>There is nothing at this address in Fieldbook.</p>
      <p>
        <Link to="/library">Go to the library</Link>
      </p>
    </>
  );
}
