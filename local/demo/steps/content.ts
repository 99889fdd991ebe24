/** Content with versions, and a template to instantiate. */
import { VILLA_AZUL } from '../data.js';
import { eq, type DemoApi } from '../api.js';

export async function loadContent(api: DemoApi): Promise<Record<'blog' | 'template', string>> {
  const blog = await api.ensure(
    'content "Summer at Villa Azul" (2 versions)',
    `/v1/content?title=${eq('Summer at Villa Azul')}`,
    {
      route: '/v1/content',
      body: {
        title: 'Summer at Villa Azul',
        content_type: 'blog',
        property_id: VILLA_AZUL,
        content_body: '# Summer at Villa Azul\n\nLong days by the pool, dinners on the terrace.',
        tags: ['summer', 'pool'],
        keywords: ['villa', 'summer'],
        change_summary: 'First draft',
      },
    },
    // A second version, so the history and restore examples have something to show.
    async (row) => {
      if (Number(row.version) >= 2) return false;
      await api.call('PATCH', `/v1/content/${row.id}`, {
        body: {
          content_body: '# Summer at Villa Azul\n\nLong days by the heated pool, dinners on the terrace, the beach a walk away.',
          change_summary: 'Mention the heated pool and the beach',
        },
      });
      return true;
    },
  );
  const template = await api.ensure('template "Welcome to Villa Azul"', `/v1/content?title=${eq('Welcome to Villa Azul')}&is_template=is.true`, {
    route: '/v1/content',
    body: {
      title: 'Welcome to Villa Azul',
      content_type: 'email',
      is_template: true,
      content_body: 'Dear {guest},\n\nWelcome to Villa Azul. Your host will meet you at the gate.',
      tags: ['welcome'],
    },
  });
  return { blog: String(blog.content_id), template: String(template.content_id) };
}
