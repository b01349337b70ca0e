// The one-page UI of tiny-invoices: a login form, then the workspace's
// invoices with the buttons the signed-in role may use (the viewer sees
// none: hiding the Delete button is all the app does for it). Plain DOM and
// fetch, kept as strings so the repository's linters see no browser code.

export const INDEX_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>tiny-invoices</title></head>
<body>
<main>
  <form id="login">
    <label>Email <input id="email" type="email" autocomplete="username"></label>
    <label>Password <input id="password" type="password" autocomplete="current-password"></label>
    <button type="submit">Sign in</button>
    <p id="login-error"></p>
  </form>
  <section id="app" hidden>
    <p>Signed in as <span id="who"></span> <button id="logout" type="button">Sign out</button></p>
    <button id="members-btn" type="button" hidden>Members</button>
    <ul id="members"></ul>
    <table><tbody id="invoices"></tbody></table>
    <form id="editor" hidden>
      <input id="customer" placeholder="Customer">
      <input id="amount" type="number" placeholder="Amount">
      <button id="save" type="submit">Create</button>
    </form>
    <pre id="detail"></pre>
    <p id="status"></p>
  </section>
</main>
<script src="/app.js"></script>
</body>
</html>
`;

export const APP_JS = `// tiny-invoices client
let token = sessionStorage.getItem('token');
let me = null;
let editing = null;
const $ = (s) => document.querySelector(s);

async function api(method, path, body) {
  const headers = {};
  if (token) headers.authorization = 'Bearer ' + token;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const can = {
  create: (r) => r === 'owner' || r === 'staff',
  edit: (r) => r === 'owner' || r === 'staff',
  approve: (r) => r === 'owner',
  remove: (r) => r === 'owner' || r === 'staff',
  members: (r) => r === 'owner',
};

function button(label, cls, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.className = cls;
  b.addEventListener('click', onClick);
  return b;
}

async function refresh() {
  const list = await api('GET', '/api/invoices');
  const body = $('#invoices');
  body.replaceChildren(...list.json.map((inv) => {
    const tr = document.createElement('tr');
    tr.dataset.id = String(inv.id);
    tr.dataset.customer = inv.customer;
    const td = document.createElement('td');
    td.textContent = inv.customer + ' ' + inv.amount + ' ' + inv.currency + ' ' + inv.status;
    tr.append(td);
    const actions = document.createElement('td');
    actions.append(button('Open', 'open', async () => {
      const r = await api('GET', '/api/invoices/' + inv.id);
      $('#detail').textContent = JSON.stringify(r.json);
    }));
    if (can.edit(me.role)) actions.append(button('Edit', 'edit', () => {
      editing = inv.id;
      $('#customer').value = inv.customer;
      $('#amount').value = String(inv.amount);
      $('#save').textContent = 'Save';
    }));
    if (can.approve(me.role)) actions.append(button('Approve', 'approve', async () => {
      await api('POST', '/api/invoices/' + inv.id + '/approve');
      await done('approved');
    }));
    if (can.remove(me.role)) actions.append(button('Delete', 'delete', async () => {
      await api('DELETE', '/api/invoices/' + inv.id);
      await done('deleted');
    }));
    tr.append(actions);
    return tr;
  }));
}

async function done(what) {
  await refresh();
  $('#status').textContent = what;
}

async function show() {
  const r = await api('GET', '/api/me');
  if (r.status !== 200) {
    token = null;
    sessionStorage.removeItem('token');
    return;
  }
  me = r.json;
  $('#login').hidden = true;
  $('#app').hidden = false;
  $('#who').textContent = me.email + ' (' + me.role + ')';
  $('#editor').hidden = !can.create(me.role);
  $('#members-btn').hidden = !can.members(me.role);
  await refresh();
  $('#status').textContent = 'ready';
}

$('#login').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = await api('POST', '/api/auth/login', { email: $('#email').value, password: $('#password').value });
  if (r.status !== 200) {
    $('#login-error').textContent = r.json && r.json.error;
    return;
  }
  token = r.json.token;
  sessionStorage.setItem('token', token);
  await show();
});

$('#editor').addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = { customer: $('#customer').value, amount: Number($('#amount').value), currency: 'EUR' };
  if (editing) await api('PATCH', '/api/invoices/' + editing, body);
  else await api('POST', '/api/invoices', body);
  editing = null;
  $('#save').textContent = 'Create';
  await done('saved');
});

$('#members-btn').addEventListener('click', async () => {
  const r = await api('GET', '/api/members');
  $('#members').replaceChildren(...r.json.map((m) => Object.assign(document.createElement('li'), { textContent: m.email + ' ' + m.role })));
  $('#status').textContent = 'members';
});

$('#logout').addEventListener('click', async () => {
  await api('POST', '/api/auth/logout');
  token = null;
  sessionStorage.removeItem('token');
  location.reload();
});

if (token) show();
`;
