// A screen whose API has not landed yet: says what will be here and which work brings it, so the
// navigation already shows the whole console. Replace the entry in index.js with the real screen.
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';

export async function render(ctx) {
  const name = ctx.screen.placeholder;
  ctx.main.append(
    h('h1', {}, t(`${name}Title`)),
    h('div', { class: 'notice placeholder', role: 'note', dataset: { placeholder: name } },
      h('strong', {}, t('comingSoon')), h('p', {}, t(`${name}Coming`))));
}
