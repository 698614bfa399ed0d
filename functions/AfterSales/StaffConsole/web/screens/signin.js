// Sign-in. Development: a picker that signs in as anyone with any roles (POST /dev/token).
// Azure: one button to Entra ID (MSAL). Otherwise: says sign-in is not configured.
import { h, field, announce } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import * as session from '../lib/session.js';
import { busy, problemBox } from '../lib/ui.js';

/** People to sign in as with one click, one per kind of work (ids as in the README's examples). */
const PEOPLE = [
  { id: 'u-wang', name: '王芳', roles: ['marketing'], job: 'jobSalesAssistant' },
  { id: 'u-li', name: '李强', roles: ['quality'], job: 'jobQualityEngineer' },
  { id: 'u-zhang', name: '张伟', roles: ['technical'], job: 'jobTechnicalCenter' },
  { id: 'u-zhao', name: '赵敏', roles: ['procurement'], job: 'jobProcurement' },
  { id: 'u-chen', name: '陈主管', roles: ['supervisor'], job: 'jobSupervisor' },
  { id: 'u-liu', name: '刘总', roles: ['management'], job: 'jobManagement' },
  { id: 'u-sun', name: '孙师傅', roles: ['technician'], job: 'jobTechnician' },
  { id: 'u-zhou', name: '周评审', roles: ['assessor'], job: 'jobAssessor' },
  { id: 'u-admin', name: '系统管理员', roles: ['admin'], job: 'jobAdmin' },
];

export async function render(ctx) {
  const { main } = ctx;
  const mode = session.mode();
  main.append(h('h1', {}, t('signInTitle')));
  if (mode === 'entra') {
    const button = h('button', { type: 'button', class: 'primary', onclick: () => busy(button, () => session.signInEntra()) }, t('signInEntra'));
    main.append(h('p', {}, t('signInEntraHint')), button);
    return;
  }
  if (mode !== 'local') {
    main.append(h('div', { class: 'notice warning', role: 'alert' }, t('signInNotConfigured')));
    return;
  }
  const status = h('div', { class: 'status' });
  const signIn = async (button, id, name, roles) => {
    status.replaceChildren();
    try {
      await busy(button, () => session.signInLocal(id, name, roles));
      announce(t('signedInAs', { name }));
      await ctx.afterSignIn();
    } catch (error) {
      status.append(problemBox({ status: 400, problem: error.problem ?? { detail: error.message } }));
    }
  };
  main.append(
    h('p', { class: 'muted' }, t('signInLocalHint')),
    h('ul', { class: 'people' }, PEOPLE.map(p => {
      const button = h('button', { type: 'button', class: 'person', dataset: { user: p.id } },
        h('strong', {}, p.name), h('span', {}, t(p.job)), h('small', {}, p.roles.join(', ')));
      button.addEventListener('click', () => signIn(button, p.id, p.name, p.roles));
      return h('li', {}, button);
    })),
    custom(ctx, signIn),
    status);
}

/** Anyone else: an id, a name and any roles. */
function custom(ctx, signIn) {
  const id = h('input', { name: 'userId', required: true, autocomplete: 'off' });
  const name = h('input', { name: 'name', required: true, autocomplete: 'off' });
  const roles = h('fieldset', { class: 'roles' }, h('legend', {}, t('roles')),
    ctx.settings.roles.map(r => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'roles', value: r }), ' ', r)));
  const submit = h('button', { type: 'submit' }, t('signIn'));
  const form = h('form', { class: 'card', 'aria-labelledby': 'custom-title' },
    h('h2', { id: 'custom-title' }, t('signInCustom')),
    field(t('userId'), id), field(t('personName'), name), roles, submit);
  form.addEventListener('submit', e => {
    e.preventDefault();
    const chosen = [...form.querySelectorAll('input[name=roles]:checked')].map(c => c.value);
    signIn(submit, id.value.trim(), name.value.trim(), chosen);
  });
  return h('details', {}, h('summary', {}, t('signInCustom')), form);
}
