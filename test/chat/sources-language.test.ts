import { describe, expect, it } from 'vitest';
import { renderReplyText } from '../../src/chat/render-text.js';

describe('sources listing', () => {
  it('shows a readable date, the outlet and the language of each source', () => {
    const text = renderReplyText({
      kind: 'sources',
      page: 1,
      pages: 1,
      total: 2,
      sources: [
        { id: 'tormenta', title: 'Tormenta en la costa', published: '2025-03-14', outlet: 'El Diario', language: 'es', paragraphs: 3, ingestedAt: '2025-03-14T10:00:00Z' },
        { id: 'brief', title: 'Port strike', paragraphs: 1, ingestedAt: '2025-03-14T10:00:00Z' },
      ],
    });
    expect(text).toBe(
      'Indexed sources (2), newest first:\n• Tormenta en la costa — tormenta, 14 March 2025, El Diario, Spanish (3 paragraphs)\n• Port strike — brief (1 paragraph)',
    );
  });
});
