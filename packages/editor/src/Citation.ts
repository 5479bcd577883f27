import { Node, mergeAttributes } from '@tiptap/core';

/**
 * An inline citation of one or more of the page's references (`refIds`). Numbers are not stored:
 * they follow the order of first use and are computed when rendering (`label`, set only on
 * render copies) so every reader sees Vancouver numbering that matches the reference list.
 */
export const Citation = Node.create({
  name: 'citation',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,

  addAttributes() {
    return {
      refIds: {
        default: [],
        parseHTML: (el) => (el.getAttribute('data-ref-ids') ?? '').split(/\s+/).filter(Boolean),
        renderHTML: (attrs: { refIds?: unknown }) => ({
          'data-ref-ids': Array.isArray(attrs.refIds)
            ? attrs.refIds.filter((r) => typeof r === 'string').join(' ')
            : '',
        }),
      },
      label: { default: null, rendered: false },
    };
  },

  parseHTML() {
    return [{ tag: 'sup[data-citation]' }];
  },

  renderHTML({ node, HTMLAttributes }) {
    const label = typeof node.attrs.label === 'string' ? node.attrs.label : '?';
    return ['sup', mergeAttributes({ 'data-citation': '', class: 'citation' }, HTMLAttributes), `[${label}]`];
  },

  renderText({ node }) {
    return typeof node.attrs.label === 'string' ? `[${node.attrs.label}]` : '';
  },
});
