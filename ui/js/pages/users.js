/*
 * Users and districts controller (administrators): lists users
 * (user_list), adds one (user_add) with districts ticked from
 * district_list, deactivates one (user_deactivate) handing their cases to a
 * successor of the same role, adds a district (district_add) and imports a
 * `province_code,district` list (district_import) typed or read from a file.
 * Every list is asked for again after each change and each time the page
 * is shown.
 */

import { translate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { PROVINCES, ROLES, codeKey } from '../codes.js';
import { emptyAll, fillOptions, h, isolated, label } from '../dom.js';
import { checkRequired, clearErrorOnEdit, clearErrors, focusField, setBusy, showApiError, showError } from '../form.js';
import { leaveIfLocked, openSignedInPage } from '../session.js';

const PAGE = 'users.html';
const $ = (id) => document.getElementById(id);
const state = { me: null, users: [], districts: [], leaving: null };

function failed(form, error) {
  if (!leaveIfLocked(error)) {
    showApiError(form, error);
  }
}

function say(element, key, params) {
  translate(element, key, params);
  element.hidden = false;
}

// --- users ---------------------------------------------------------------

function userRow(user) {
  const districts = isolated(user.districts);
  const action = h('td', { class: 'row-action' });
  if (user.active && user.username !== state.me.username) {
    const button = label('button', 'users.deactivate', undefined, {
      type: 'button',
      class: 'quiet-button danger-text',
      'data-username': user.username,
    });
    button.setAttribute('aria-describedby', `user-${user.id}`);
    button.addEventListener('click', () => openDeactivate(user));
    action.append(button);
  }
  return h(
    'tr',
    { class: user.active ? '' : 'inactive' },
    h('th', { scope: 'row', dir: 'ltr', id: `user-${user.id}` }, user.username),
    label('td', `role.${user.role}`),
    h('td', { dir: 'auto', class: 'user-text' }, districts),
    label('td', user.active ? 'users.active' : 'users.inactive', undefined, {
      class: user.active ? 'state-active' : 'state-inactive',
    }),
    action,
  );
}

async function refreshUsers() {
  state.users = await invoke('user_list');
  $('user-rows').replaceChildren(...state.users.map(userRow));
}

function openDeactivate(user) {
  const form = $('deactivate-form');
  clearErrors(form);
  state.leaving = user;
  translate($('deactivate-title'), 'users.deactivate_title', { username: user.username });
  const peers = state.users.filter(
    (u) => u.active && u.role === user.role && u.username !== user.username,
  );
  fillOptions(
    $('successor'),
    peers.map((u) => ({ value: u.username, text: u.username })),
    { value: '', key: 'users.no_successor' },
  );
  form.hidden = false;
  $('deactivate-title').focus();
}

function closeDeactivate() {
  $('deactivate-form').hidden = true;
  state.leaving = null;
}

async function deactivate(form) {
  clearErrors(form);
  const user = state.leaving;
  const successor = $('successor').value;
  setBusy(form, true, 'users.deactivate_confirm', 'common.saving');
  try {
    const done = await invoke('user_deactivate', {
      input: { username: user.username, successor: successor || null },
    });
    closeDeactivate();
    say($('users-done'), successor ? 'users.deactivated_moved' : 'users.deactivated', {
      username: user.username,
      count: done.cases_moved,
      successor,
    });
    await refreshUsers();
  } catch (error) {
    failed(form, error);
  } finally {
    setBusy(form, false, 'users.deactivate_confirm', 'common.saving');
  }
}

function selectedDistricts() {
  return [...document.querySelectorAll('#district-choices input:checked')].map((box) => box.value);
}

function fillDistrictChoices() {
  const ticked = new Set(selectedDistricts());
  const boxes = state.districts.map((district, index) => {
    const id = `district-choice-${index}`;
    const box = h('input', { type: 'checkbox', id, name: 'districts', value: district.name });
    box.checked = ticked.has(district.name);
    return h('div', { class: 'check' }, box, h('label', { for: id, dir: 'auto' }, district.name));
  });
  $('district-choices').replaceChildren(...boxes);
  $('districts-empty').hidden = boxes.length > 0;
}

async function addUser(form) {
  clearErrors(form);
  if (!checkRequired(form, ['username', 'role', 'passphrase', 'passphrase-confirm'])) {
    return;
  }
  const passphrase = $('passphrase').value;
  if ($('passphrase-confirm').value !== passphrase) {
    showError(form, 'passphrase-confirm', 'error.confirm_mismatch');
    focusField(form, 'passphrase-confirm');
    return;
  }
  const username = $('username').value;
  setBusy(form, true, 'users.add_submit', 'common.saving');
  try {
    const user = await invoke('user_add', {
      input: { username, role: $('role').value, districts: selectedDistricts(), passphrase },
    });
    form.reset();
    say($('users-done'), 'users.added', { username: user.username });
    await refreshUsers();
    $('username').focus();
  } catch (error) {
    failed(form, error);
  } finally {
    setBusy(form, false, 'users.add_submit', 'common.saving');
  }
}

// --- districts -------------------------------------------------------------

function showDistricts() {
  const groups = [];
  for (const [code] of PROVINCES) {
    const names = state.districts.filter((d) => d.province_code === code).map((d) => d.name);
    if (names.length > 0) {
      groups.push(
        h(
          'div',
          { class: 'province-group' },
          h(
            'h4',
            {},
            label('span', codeKey('province', code)),
            label('span', 'districts.count', { count: names.length }, { class: 'count' }),
          ),
          h('p', { class: 'district-names' }, isolated(names)),
        ),
      );
    }
  }
  $('district-list').replaceChildren(...groups);
  $('district-list-empty').hidden = groups.length > 0;
}

async function refreshDistricts() {
  state.districts = await invoke('district_list');
  showDistricts();
  fillDistrictChoices();
}

async function addDistrict(form) {
  clearErrors(form);
  if (!checkRequired(form, ['province', 'district'])) {
    return;
  }
  setBusy(form, true, 'districts.add_submit', 'common.saving');
  try {
    await invoke('district_add', { province: $('province').value, name: $('district').value });
    $('district').value = '';
    await refreshDistricts();
    $('district').focus();
  } catch (error) {
    // The core names the district's `name`: its field here is #district.
    failed(form, error?.field === 'name' ? { ...error, field: 'district' } : error);
  } finally {
    setBusy(form, false, 'districts.add_submit', 'common.saving');
  }
}

async function importDistricts(form) {
  clearErrors(form);
  $('import-done').hidden = true;
  if (!checkRequired(form, ['csv'])) {
    return;
  }
  setBusy(form, true, 'districts.import_submit', 'common.saving');
  try {
    const added = await invoke('district_import', { csv: $('csv').value });
    say($('import-done'), 'districts.imported', { count: added });
    $('csv').value = '';
    $('csv-file').value = '';
    await refreshDistricts();
  } catch (error) {
    failed(form, error);
  } finally {
    setBusy(form, false, 'districts.import_submit', 'common.saving');
  }
}

async function readCsvFile() {
  const file = $('csv-file').files[0];
  if (file) {
    $('csv').value = await file.text();
  }
}

// --- page ------------------------------------------------------------------

function wire() {
  const on = (id, handler) => {
    clearErrorOnEdit($(id));
    $(id).addEventListener('submit', (event) => {
      event.preventDefault();
      handler(event.currentTarget);
    });
  };
  on('add-user-form', addUser);
  on('deactivate-form', deactivate);
  on('add-district-form', addDistrict);
  on('import-form', importDistricts);
  $('deactivate-cancel').addEventListener('click', closeDeactivate);
  $('csv-file').addEventListener('change', readCsvFile);
}

async function load(user) {
  state.me = user;
  fillOptions(
    $('role'),
    ROLES.map((role) => ({ value: role, key: `role.${role}` })),
    { value: '', key: 'common.choose' },
  );
  fillOptions(
    $('province'),
    PROVINCES.map(([code]) => ({ value: code, key: codeKey('province', code) })),
    { value: '', key: 'common.choose' },
  );
  await refreshUsers();
  await refreshDistricts();
  wire();
}

function forget() {
  emptyAll('#user-rows, #district-list, #district-choices');
  for (const form of document.querySelectorAll('form')) {
    form.reset();
  }
}

async function start() {
  const user = await openSignedInPage({ page: PAGE, roles: ['administrator'], load, forget });
  if (user) {
    $('users-title').focus();
  }
}

start();
