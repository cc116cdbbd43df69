/*
 * Home controller: shows who is signed in and their role, as the core
 * reports them each time the page is shown; the frame (session.js) shows
 * the links of that role and the Lock button.
 */

import { translate } from '../i18n.js';
import { openSignedInPage } from '../session.js';

const PAGE = 'home.html';

function showSession(user) {
  document.getElementById('signed-in-user').textContent = user.username;
  translate(document.getElementById('signed-in-role'), `role.${user.role}`);
}

function forget() {
  document.getElementById('signed-in-user').textContent = '';
}

async function start() {
  const user = await openSignedInPage({ page: PAGE, load: async (u) => showSession(u), forget });
  if (user) {
    document.getElementById('home-title').focus();
  }
}

start();
