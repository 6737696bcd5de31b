import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { createAppRouter } from './router';
import { ServicesContext } from './services';
import type { Services } from './services';

export function App({ services }: { services: Services }) {
  const [router] = useState(() => createAppRouter(services));
  return (
    <ServicesContext value={services}>
      <RouterProvider router={router} />
    </ServicesContext>
  );
}
