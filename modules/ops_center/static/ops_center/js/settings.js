/* Operations Command Center - settings page: list, add, edit, test, enable/disable, remove systems.
 * Secrets are write-only: the server never sends them; an empty secret input keeps the stored value.
 * Fields carry human labels and type-specific placeholders; fields that only apply to another mode or
 * SNMP version are hidden (the v2c community under v3, SSH settings in SNMP mode). */
(function ($, F, OPS) {
  'use strict';

  var $body = $('body');
  var urls = { systems: $body.data('systems-url'), types: $body.data('types-url') };
  var canControl = String($body.data('can-control')) === '1';
  var types = {};
  var editing = null;
  var MASK = '********';
  var el = OPS.el;
  var errorOf = OPS.errorOf;
  var sendJson = OPS.api.sendJson;

  /* Words of field names as people write them. */
  var WORDS = { url: 'URL', api: 'API', tls: 'TLS', ca: 'CA', snmp: 'SNMP', ssh: 'SSH', id: 'ID', gid: 'GID', ttl: 'TTL',
                wan: 'WAN', ssl: 'SSL', cli: 'CLI', db: 'database', kex: 'key exchange', auth: 'authentication',
                priv: 'privacy', max: 'most', ack: 'acknowledge' };
  var LABELS = { snmp_version: 'SNMP version', snmp_user: 'SNMPv3 user', snmp_community: 'SNMP v2c community',
                 wan_map: 'WAN map', wan_ports: 'WAN ports (LibreNMS port IDs)', wan_devices: 'WAN devices',
                 host_key: 'Pinned host key', all_interfaces: 'Show all interfaces', display_name: 'Display name',
                 box_gid: 'Box GID (one box only)', slug: 'Status page slug', timeout: 'Timeout (s)', retries: 'Retries' };
  /* Placeholders per type (then per field): what a real value looks like for that system. */
  var PLACEHOLDERS = {
    opnsense: { url: 'https://opnsense.example.lan', wan_gateways: 'WAN1=WAN_DHCP, WAN2=WAN2_PPPOE', wan_interfaces: 'WAN1=wan, WAN2=opt1' },
    librenms: { url: 'https://librenms.example.lan', wan_ports: 'WAN1=323, WAN2=324', wan_devices: 'WAN1=opnsense.example.lan',
                timezone: 'Europe/Berlin' },
    firewalla: { url: 'https://mydomain.firewalla.net', box_gid: 'empty: every box of the account' },
    hostmon: { db_path: '/var/lib/hostmon/hostmon.db', url: 'https://hostmon.example.lan/api/checks', table: 'checks',
               wan_map: 'WAN1=wan1-gateway, WAN2=wan2-gateway' },
    uptime_kuma: { url: 'https://kuma.example.lan', slug: 'homelab', wan_map: 'WAN1=WAN1 gateway' },
    apc_pdu: { host: 'pdu1.example.lan', snmp_user: 'opsctl', protected_outlets: '1, 2, 8', display_name: 'PDU-1' },
    mikrotik: { host: 'crs.example.lan', username: 'dashboard', model: 'empty: read from the router' },
    zyxel: { host: 'zyxel-1.example.lan', snmp_user: 'opsctl', ssh_username: 'admin', host_key: 'SHA256:…' },
    '*': { url: 'https://host.example.lan', host: 'device.example.lan', ca_bundle: '/etc/ssl/certs/lab-ca.pem', site: 'rack A' }
  };
  /* Fields that apply only when another field has one value. */
  var SHOWN_WHEN = {
    snmp_community: ['snmp_version', 'v2c'], snmp_user: ['snmp_version', 'v3'], snmp_auth_protocol: ['snmp_version', 'v3'],
    snmp_auth_key: ['snmp_version', 'v3'], snmp_priv_protocol: ['snmp_version', 'v3'], snmp_priv_key: ['snmp_version', 'v3'],
    snmp_version: ['mode', 'snmp'], retries: ['mode', 'snmp'], all_interfaces: ['mode', 'snmp'], port: ['mode', 'snmp'],
    ssh_port: ['mode', 'ssh'], ssh_username: ['mode', 'ssh'], ssh_password: ['mode', 'ssh'], allow_legacy_kex: ['mode', 'ssh'],
    host_key: ['mode', 'ssh'], cli_dialect: ['mode', 'ssh']
  };

  function labelOf(name) {
    if (LABELS[name]) { return LABELS[name]; }
    var words = name.split('_').map(function (w) { return WORDS[w] || w; });
    var text = words.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  // Common to every type (services/admin/schema.py COMMON_FIELDS): where the device stands; the dashboard groups
  // PDUs and switches by it.
  var SITE = { name: 'site', kind: 'str', required: false, default: null, secret: false, choices: [],
               help: 'Where it stands (rack A, colo, branch): the dashboard groups PDUs and switches by it' };

  function placeholderOf(type, f) {
    var own = PLACEHOLDERS[type] || {};
    if (own[f.name]) { return own[f.name]; }
    if (f.default !== null && f.default !== undefined && f.default !== '' && typeof f.default !== 'object') { return String(f.default); }
    return PLACEHOLDERS['*'][f.name] || (f.kind === 'map' ? 'key=value, key=value' : (f.kind === 'list' ? 'a, b' : ''));
  }

  /* Show a field only while the field it depends on (if present in this type) has the right value. */
  function applyVisibility() {
    var values = {};
    $('#fields :input').each(function () { values[$(this).attr('name')] = $(this).val(); });
    function visible(name, depth) {
      var rule = SHOWN_WHEN[name];
      if (!rule || !(rule[0] in values) || depth > 4) { return true; }
      return values[rule[0]] === rule[1] && visible(rule[0], depth + 1);
    }
    $('#fields label[data-field]').each(function () {
      $(this).toggleClass('is-hidden', !visible($(this).data('field'), 0));
    });
  }

  function settingsText(settings) {
    return Object.keys(settings).sort().map(function (k) {
      var v = settings[k];
      return k + '=' + (typeof v === 'object' ? JSON.stringify(v) : String(v));
    }).join('  ');
  }

  function renderList(systems) {
    var $tb = $('#systems tbody').empty();
    if (!systems.length) {
      $tb.append(el('tr').append(el('td', 'muted', 'No system configured: the dashboard shows demo data.').attr('colspan', 7)));
    }
    systems.forEach(function (s) {
      var $tr = el('tr', s.active ? '' : 'row-disabled').attr('data-system', s.name);
      $tr.append(el('td', 'mono', s.name));
      $tr.append(el('td', '', s.label));
      var status = !s.active ? 'DISABLED' : (!s.fetched_at ? 'NOT FETCHED YET' : (s.ok ? 'OK' : 'ERROR: ' + s.error));
      $tr.append(el('td', s.ok ? 'status-ok' : (s.fetched_at ? 'status-down' : 'muted'), status));
      $tr.append(el('td', 'mono', s.fetched_at ? F.ago(s.fetched_at) : '—'));
      $tr.append(el('td', 'mono', s.last_used ? F.ago(s.last_used) : 'never'));
      var $set = el('td', 'settings-cell', settingsText(s.settings));
      if (s.settings.verify_tls === false) { $set.append(el('span', 'tls-off', ' TLS NOT VERIFIED')); }
      if (s.decrypt_error) { $set.append(el('span', 'tls-off', ' UNREADABLE: ' + s.decrypt_error)); }
      $tr.append($set);
      var $act = el('td').append(el('div', 'actions'));
      if (canControl) {
        $act.find('.actions')
          .append(el('button', 'btn act-edit', 'EDIT').attr('type', 'button'))
          .append(el('button', 'btn act-test', 'TEST').attr('type', 'button'))
          .append(el('button', 'btn act-toggle', s.active ? 'DISABLE' : 'ENABLE').attr('type', 'button'))
          .append(el('button', 'btn btn-danger act-remove', 'REMOVE').attr('type', 'button'));
      }
      $tr.append($act);
      $tr.data('system', s);
      $tb.append($tr);
    });
  }

  function load() {
    return OPS.api.getJson(urls.systems).done(function (body) { renderList(body.systems); })
      .fail(function (xhr) { $('#global-error').prop('hidden', false).text(errorOf(xhr)); });
  }

  function fieldInput(type, f, value, stored) {
    var id = 'fld-' + f.name;
    var isCheck = f.kind === 'bool' && !(f.choices && f.choices.length);
    var $label = el('label', isCheck ? 'check' : '').attr({ for: id, 'data-field': f.name, title: f.name });
    var $text = el('span', 'field-label', labelOf(f.name)).append(f.required ? el('span', 'req', ' *') : '');
    var $input;
    if (f.choices && f.choices.length) {
      $input = el('select');
      f.choices.forEach(function (c) { $input.append(el('option', '', c).attr('value', c)); });
      $input.val(value !== undefined ? value : f.default);
    } else if (isCheck) {
      $input = el('input').attr('type', 'checkbox').prop('checked', value !== undefined ? !!value : !!f.default);
    } else {
      $input = el('input').attr({ type: f.secret ? 'password' : (f.kind === 'int' || f.kind === 'float' ? 'number' : 'text'),
                                  autocomplete: 'off', spellcheck: 'false' });
      if (f.kind === 'float') { $input.attr('step', 'any'); }
      if (f.secret) {
        $input.attr({ autocomplete: 'new-password', placeholder: stored ? MASK + ' stored — leave empty to keep' : '' });
      } else {
        if (value !== undefined && value !== null) {
          if (f.kind === 'list') { value = value.join(', '); }
          if (f.kind === 'map') { value = Object.keys(value).map(function (k) { return k + '=' + value[k]; }).join(', '); }
          $input.val(value);
        }
        $input.attr('placeholder', placeholderOf(type, f));
      }
    }
    $input.attr({ id: id, name: f.name, 'data-kind': f.kind });
    if (isCheck) { $label.append($input).append($text); } else { $label.append($text).append($input); }
    if (f.secret) { $label.append(el('span', 'secret-note', 'SECRET — stored encrypted, never shown again')); }
    if (f.help) { $label.append(el('span', 'help', f.help)); }
    return $label;
  }

  function renderFields(typeName, system) {
    var t = types[typeName];
    var $box = $('#fields').empty();
    $('#type-help').text(t ? t.label + ' — data cached ' + F.duration(t.ttl_s) + ' (' + t.ttl_class + ' class); any instance may set its own ttl' : '');
    if (!t) { return; }
    t.fields.concat(t.fields.some(function (f) { return f.name === 'site'; }) ? [] : [SITE]).forEach(function (f) {
      var stored = system && system.settings[f.name] !== undefined;
      $box.append(fieldInput(typeName, f, system ? system.settings[f.name] : undefined, stored));
    });
    applyVisibility();
  }

  function formBody() {
    var settings = {};
    $('#fields :input').each(function () {
      var $i = $(this), kind = $i.data('kind'), name = $i.attr('name');
      if (kind === 'bool') { settings[name] = $i.prop('checked'); return; }
      var v = $.trim($i.val() || '');
      if (v !== '') { settings[name] = v; }
    });
    return { type: $('#f-type').val(), name: $.trim($('#f-name').val()), active: $('#f-active').prop('checked'), settings: settings };
  }

  function openEditor(system) {
    editing = system || null;
    $('#editor').prop('hidden', false);
    $('#editor-title').text(system ? 'EDIT ' + system.name : 'ADD SYSTEM');
    $('#f-type').val(system ? system.type : $('#f-type option:first').val()).prop('disabled', !!system);
    $('#f-name').val(system ? system.name : '').prop('readonly', !!system);
    $('#f-active').prop('checked', system ? system.active : true);
    renderFields($('#f-type').val(), system);
    $('#form-result').text('').attr('class', 'form-result');
    $('#f-name').trigger('focus');
  }

  function showResult(ok, text) {
    $('#form-result').attr('class', 'form-result ' + (ok ? 'ok' : 'err')).text(text);
  }

  $('#add-system').on('click', function () { openEditor(null); });
  $('#cancel-edit').on('click', function () { $('#editor').prop('hidden', true); });
  $('#f-type').on('change', function () { renderFields($(this).val(), null); });
  $('#fields').on('change', 'select', applyVisibility);

  $('#test-system').on('click', function () {
    showResult(true, 'testing…');
    sendJson('POST', urls.systems + '/test', formBody())
      .done(function (r) { showResult(r.ok, (r.ok ? 'OK ' : 'FAILED ' + (r.error_kind || '') + ': ') + r.message + ' (' + Math.round(r.latency_ms) + ' ms)'); })
      .fail(function (xhr) { showResult(false, errorOf(xhr)); });
  });

  $('#system-form').on('submit', function (e) {
    e.preventDefault();
    sendJson('POST', urls.systems, formBody())
      .done(function (r) { showResult(true, (r.created ? 'Saved new system ' : 'Updated ') + r.system.name); $('#editor').prop('hidden', true); load(); })
      .fail(function (xhr) { showResult(false, errorOf(xhr)); });
  });

  $('#systems').on('click', 'button', function () {
    var $tr = $(this).closest('tr'), s = $tr.data('system');
    if ($(this).hasClass('act-edit')) { openEditor(s); return; }
    if ($(this).hasClass('act-test')) {
      $tr.find('td').eq(2).text('testing…');
      sendJson('POST', urls.systems + '/' + encodeURIComponent(s.name) + '/test')
        .done(function (r) { $tr.find('td').eq(2).attr('class', r.ok ? 'status-ok' : 'status-down').text((r.ok ? 'OK ' : 'ERROR ' + r.error_kind + ': ') + r.message); })
        .fail(function (xhr) { $tr.find('td').eq(2).text(errorOf(xhr)); });
      return;
    }
    if ($(this).hasClass('act-toggle')) {
      sendJson('POST', urls.systems + '/' + encodeURIComponent(s.name) + '/active', { active: !s.active }).always(load);
      return;
    }
    if ($(this).hasClass('act-remove') && window.confirm('Remove system ' + s.name + ' and its stored credentials?')) {
      sendJson('DELETE', urls.systems + '/' + encodeURIComponent(s.name)).always(load);
    }
  });

  OPS.api.getJson(urls.types).done(function (body) {
    body.types.forEach(function (t) {
      types[t.type] = t;
      $('#f-type').append(el('option', '', t.label + ' (' + t.type + ')').attr('value', t.type));
    });
    // A package that failed to load is said loudly, never skipped: its systems cannot run until it is fixed.
    var broken = (body.broken || []).map(function (b) { return 'BROKEN integration ' + b.name + ': ' + b.error; });
    if (broken.length) { $('#global-error').prop('hidden', false).text(broken.join(' · ')); }
    load();
  }).fail(function (xhr) { $('#global-error').prop('hidden', false).text('Could not load the system types: ' + errorOf(xhr)); });
}(jQuery, window.OpsFormat, window.OPS));
