/* Operations Command Center - settings page: list, add, edit, test, enable/disable, remove systems.
 * Secrets are write-only: the server never sends them; an empty secret input keeps the stored value. */
(function ($, F) {
  'use strict';

  var $body = $('body');
  var urls = { systems: $body.data('systems-url'), types: $body.data('types-url') };
  var canControl = String($body.data('can-control')) === '1';
  var types = {};
  var editing = null;
  var MASK = '********';

  $.ajaxSetup({ headers: { 'X-CSRFToken': $('meta[name=csrf-token]').attr('content') } });

  function el(tag, cls, text) {
    var $e = $('<' + tag + '>');
    if (cls) { $e.addClass(cls); }
    if (text !== undefined && text !== null) { $e.text(String(text)); }
    return $e;
  }

  function errorOf(xhr) {
    return (xhr.responseJSON && xhr.responseJSON.error && xhr.responseJSON.error.message) || xhr.statusText || 'request failed';
  }

  function sendJson(method, url, body) {
    return $.ajax({ url: url, method: method, contentType: 'application/json', dataType: 'json',
                    data: body === undefined ? undefined : JSON.stringify(body) });
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
    return $.getJSON(urls.systems).done(function (body) { renderList(body.systems); })
      .fail(function (xhr) { $('#global-error').prop('hidden', false).text(errorOf(xhr)); });
  }

  function fieldInput(f, value, stored) {
    var id = 'fld-' + f.name;
    var $label = el('label').attr('for', id);
    $label.append(el('span', '', f.name.toUpperCase()).append(f.required ? el('span', 'req', ' *') : ''));
    var $input;
    if (f.choices && f.choices.length) {
      $input = el('select');
      f.choices.forEach(function (c) { $input.append(el('option', '', c).attr('value', c)); });
      $input.val(value !== undefined ? value : f.default);
    } else if (f.kind === 'bool') {
      $input = el('input').attr('type', 'checkbox').prop('checked', value !== undefined ? !!value : !!f.default);
    } else {
      $input = el('input').attr('type', f.secret ? 'password' : (f.kind === 'int' || f.kind === 'float' ? 'number' : 'text'));
      if (f.kind === 'float') { $input.attr('step', 'any'); }
      if (f.secret) {
        $input.attr({ autocomplete: 'new-password', placeholder: stored ? MASK + ' stored — leave empty to keep' : '' });
      } else if (value !== undefined && value !== null) {
        if (f.kind === 'list') { value = value.join(', '); }
        if (f.kind === 'map') { value = Object.keys(value).map(function (k) { return k + '=' + value[k]; }).join(', '); }
        $input.val(value);
      } else if (f.default !== null && f.default !== undefined && f.default !== '') {
        $input.attr('placeholder', String(f.default));
      }
    }
    $input.attr({ id: id, name: f.name, 'data-kind': f.kind });
    $label.append($input);
    if (f.help) { $label.append(el('span', 'help', f.help)); }
    return $label;
  }

  function renderFields(typeName, system) {
    var t = types[typeName];
    var $box = $('#fields').empty();
    $('#type-help').text(t ? t.label + ' — data cached ' + F.duration(t.ttl_s) + ' (' + t.ttl_class + ' class); any instance may set its own ttl' : '');
    if (!t) { return; }
    t.fields.forEach(function (f) {
      var stored = system && system.settings[f.name] !== undefined;
      $box.append(fieldInput(f, system ? system.settings[f.name] : undefined, stored));
    });
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

  $.getJSON(urls.types).done(function (body) {
    body.types.forEach(function (t) {
      types[t.type] = t;
      $('#f-type').append(el('option', '', t.label + ' (' + t.type + ')').attr('value', t.type));
    });
    load();
  });
}(jQuery, window.OpsFormat));
